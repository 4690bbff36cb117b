import { createHash } from 'node:crypto';
import { ecdsaSigner, generateSigningKey, useSha256, type HubIdentity, type JoinRequest, type NotificationQueue, type PullRequest, type PullResponse, type PushRequest, type PushResponse, type SignedEnrolment } from '../shared';
import type { Sql } from './hubDb';
import { authenticate, enrol, enrolmentOf, pendingJoins, requestJoin, type Caller, type TrustSource } from './hubAuth';
import { ingestPush } from './hubIngest';
import { deliverNotifications, notificationQueue, type NotificationSink } from './hubNotifications';
import { pull, snapshot } from './hubPull';
import { migrate } from './hubSchema';
import { OFFSET_MINUTES } from './resources';

useSha256((text) => createHash('sha256').update(text).digest('hex'));

/** A key of its own for a hub that is given none (in tests, in-process): its answers are still signed. */
async function newIdentity(): Promise<HubIdentity> {
  const key = await generateSigningKey();
  return { hubKey: key.publicKey, signer: ecdsaSigner(key.privateKey, key.keyId) };
}

/**
 * The sync hub (DESIGN.md "Sync"): a relay and a second checker of the office's device chains.
 * Its parts are in the files their jobs name: the schema (hubSchema), who may talk to it
 * (hubAuth), ingest (hubIngest), the applicants' messages (hubNotifications) and pull (hubPull).
 */
export class Hub {
  /** A round of deliveries is running: the next waits for the timer. */
  private delivering = false;
  /** This process among those serving the database: the name its claims on messages go by. */
  private readonly claimant = crypto.randomUUID();

  private constructor(
    private readonly sql: Sql,
    private readonly trust: TrustSource,
    /** The epoch when it opened; answers carry the database's, which another process started after a restore may have changed. */
    readonly epoch: string,
    private readonly clock: () => number,
    private readonly offsetMinutes: number,
    private readonly sink: NotificationSink | null,
    /** The key its answers are signed with: its TLS certificate's, so devices pin one key for both. */
    readonly identity: HubIdentity,
    /** The NCA RK roots an NCA RK signature must chain to (DER). */
    private readonly ncaRoots: readonly Uint8Array[],
  ) {}

  /** Opens the hub on its database, migrating it first. `restored` starts a new epoch after a restore from backup. */
  static async open(
    sql: Sql,
    trust: TrustSource,
    options: { restored?: boolean; clock?: () => number; offsetMinutes?: number; sink?: NotificationSink; identity?: HubIdentity; ncaRoots?: readonly Uint8Array[] } = {},
  ): Promise<Hub> {
    const epoch = await migrate(sql, options.restored ?? false);
    return new Hub(sql, trust, epoch, options.clock ?? Date.now, options.offsetMinutes ?? OFFSET_MINUTES, options.sink ?? null, options.identity ?? (await newIdentity()), options.ncaRoots ?? []);
  }

  close() {
    return this.sql.close();
  }

  private now() {
    return new Date(this.clock()).toISOString();
  }

  /** The epoch the database holds now. */
  async currentEpoch(): Promise<string> {
    return (await this.sql.query<{ epoch: string }>('select epoch from hub where id = 1'))[0]!.epoch;
  }

  authenticate(header: string | undefined, method: string, path: string, joining = false): Promise<Caller> {
    return authenticate(this.sql, header, method, path, joining);
  }

  enrol(signed: SignedEnrolment): Promise<void> {
    return enrol(this.sql, this.trust, signed);
  }

  requestJoin(request: JoinRequest): Promise<void> {
    return requestJoin(this.sql, request);
  }

  pendingJoins(officeId: string): Promise<JoinRequest[]> {
    return pendingJoins(this.sql, officeId);
  }

  enrolmentOf(deviceId: string): Promise<SignedEnrolment | null> {
    return enrolmentOf(this.sql, deviceId);
  }

  async push(officeId: string, request: PushRequest): Promise<PushResponse> {
    const chains = await ingestPush(this.sql, { clock: this.clock, offsetMinutes: this.offsetMinutes, ncaRoots: this.ncaRoots }, officeId, request);
    return { epoch: await this.currentEpoch(), now: this.now(), chains };
  }

  async pull(officeId: string, deviceId: string, request: PullRequest): Promise<PullResponse> {
    return { epoch: await this.currentEpoch(), now: this.now(), ...(await pull(this.sql, officeId, deviceId, request)) };
  }

  /** Hands the waiting messages to the sink (hubNotifications); returns how many it took. */
  async deliverNotifications(limit = 100): Promise<number> {
    if (!this.sink || this.delivering) return 0;
    this.delivering = true;
    try {
      return await deliverNotifications(this.sql, this.sink, this.claimant, () => this.now(), limit);
    } finally {
      this.delivering = false;
    }
  }

  notificationQueue(officeId: string, limit = 50): Promise<NotificationQueue> {
    return notificationQueue(this.sql, this.sink, officeId, limit);
  }

  /** What the hub holds, for the simulation's and the operator's checks. */
  snapshot(officeId: string) {
    return snapshot(this.sql, officeId);
  }
}

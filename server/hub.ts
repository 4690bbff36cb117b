import type { JoinRequest, NotificationQueue, PullRequest, PullResponse, PushRequest, PushResponse, SignedEnrolment } from '../shared';
import type { Sql } from './hubDb';
import { authenticate, enrol, enrolmentOf, pendingJoins, requestJoin, type TrustSource } from './hubAuth';
import { ingestPush } from './hubIngest';
import { deliverNotifications, notificationQueue, type NotificationSink } from './hubNotifications';
import { pull, snapshot } from './hubPull';
import { migrate } from './hubSchema';
import { OFFSET_MINUTES } from './resources';

/**
 * The sync hub (DESIGN.md "Sync"): a relay and a second checker of the office's device chains.
 * Its parts are in the files their jobs name: the schema (hubSchema), who may talk to it
 * (hubAuth), ingest (hubIngest), the applicants' messages (hubNotifications) and pull (hubPull).
 */
export class Hub {
  /** A round of deliveries is running: the next waits for the timer, so no message is sent twice at once. */
  private delivering = false;

  private constructor(
    private readonly sql: Sql,
    private readonly trust: TrustSource,
    readonly epoch: string,
    private readonly clock: () => number,
    private readonly offsetMinutes: number,
    private readonly sink: NotificationSink | null,
  ) {}

  /** Opens the hub on its database, migrating it first. `restored` starts a new epoch after a restore from backup. */
  static async open(sql: Sql, trust: TrustSource, options: { restored?: boolean; clock?: () => number; offsetMinutes?: number; sink?: NotificationSink } = {}): Promise<Hub> {
    const epoch = await migrate(sql, options.restored ?? false);
    return new Hub(sql, trust, epoch, options.clock ?? Date.now, options.offsetMinutes ?? OFFSET_MINUTES, options.sink ?? null);
  }

  close() {
    return this.sql.close();
  }

  private now() {
    return new Date(this.clock()).toISOString();
  }

  authenticate(header: string | undefined, method: string, path: string, body: string, joining = false): Promise<{ deviceId: string; officeId: string | null }> {
    return authenticate(this.sql, header, method, path, body, joining);
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
    const chains = await ingestPush(this.sql, { clock: this.clock, offsetMinutes: this.offsetMinutes }, officeId, request);
    return { epoch: this.epoch, now: this.now(), chains };
  }

  async pull(officeId: string, deviceId: string, request: PullRequest): Promise<PullResponse> {
    return { epoch: this.epoch, now: this.now(), ...(await pull(this.sql, officeId, deviceId, request)) };
  }

  /** Hands the waiting messages to the sink (hubNotifications); returns how many it took. */
  async deliverNotifications(limit = 100): Promise<number> {
    if (!this.sink || this.delivering) return 0;
    this.delivering = true;
    try {
      return await deliverNotifications(this.sql, this.sink, () => this.now(), limit);
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

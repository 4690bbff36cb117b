import { DomainError, enrolmentIsSigned, fromBase64, isP256PublicKey, readAuthHeader, requestBytes, verifyEs256, type JoinRequest, type SignedEnrolment, type TrustFile } from '../shared';
import { uniqueViolation, type Sql } from './hubDb';

/*
 * Who may talk to the hub: a device's signed, never-replayed requests; the enrolments the office
 * administrator key signs; the requests of devices that ask to join.
 */

/** The trust anchors the hub accepts offices by: the shipped trust files and those in its trust folder. */
export type TrustSource = () => Promise<TrustFile>;

/** Who signed a request, and the hash its body must have. */
export interface Caller {
  deviceId: string;
  officeId: string | null;
  bodyHash: string;
}

/**
 * Checks a device's request signature from its header alone, and that its nonce was never used,
 * and records the nonce: a stranger's body is never read.
 */
export async function authenticate(sql: Sql, header: string | undefined, method: string, path: string, joining = false): Promise<Caller> {
  const auth = readAuthHeader(header);
  if (!auth) throw new DomainError('sync.notEnrolled');
  const table = joining ? 'joins' : 'devices';
  const [row] = await sql.query<{ public_key: string; nonce: number; office_id?: string; revoked?: unknown }>(`select * from ${table} where ${joining ? 'device_id' : 'id'} = $1`, [auth.deviceId]);
  if (!row) throw new DomainError(joining ? 'sync.joinUnknown' : 'sync.notEnrolled');
  let genuine = false;
  try {
    genuine = await verifyEs256(row.public_key, requestBytes(method, path, auth.deviceId, auth.nonce, auth.bodyHash), fromBase64(auth.signature));
  } catch {
    // Not base64: no signature at all.
  }
  if (!genuine) throw new DomainError('sync.badSignature');
  // A revoked device (a lost laptop) is told so, and nothing it asks is done.
  if (row.revoked) throw new DomainError('sync.deviceRevoked');
  const [fresh] = await sql.query(`update ${table} set nonce = $2 where ${joining ? 'device_id' : 'id'} = $1 and nonce < $2 returning nonce`, [auth.deviceId, auth.nonce]);
  if (!fresh) throw new DomainError('sync.replay', { nonce: row.nonce });
  return { deviceId: auth.deviceId, officeId: row.office_id ?? null, bodyHash: auth.bodyHash };
}

/** An office the hub trusts by its anchor: already known, or found in the trust files now. */
async function trustedAnchor(sql: Sql, trust: TrustSource, officeId: string, adminKey: string): Promise<boolean> {
  const [known] = await sql.query<{ admin_key: string }>('select admin_key from offices where id = $1', [officeId]);
  if (known) return known.admin_key === adminKey;
  const files = await trust();
  return files.offices.some((o) => o.adminKey === adminKey && o.registry.registry.office.id === officeId);
}

/** The administrator enrols a device (its own, or one that asked to join): the record is the authority. */
export async function enrol(sql: Sql, trust: TrustSource, signed: SignedEnrolment): Promise<void> {
  const { office, device, adminKey } = signed.enrolment;
  if (!(await enrolmentIsSigned(signed))) throw new DomainError('sync.enrolmentInvalid');
  if (!(await trustedAnchor(sql, trust, office.id, adminKey))) throw new DomainError('sync.officeUnknown', { office: office.code });
  // Two enrolments at once (through two hub processes) may both pass the checks below: the
  // database's unique keys then refuse the later one, with the same reason.
  const raced: Record<string, () => DomainError> = {
    offices_code: () => new DomainError('sync.officeCodeTaken', { code: office.code }),
    devices_office_id_code_key: () => new DomainError('sync.deviceCodeTaken', { code: device.code }),
  };
  await sql.transaction(async (tx) => {
    // An office code names one office at the hub: joining devices find their office by it.
    const [namesake] = await tx.query('select 1 from offices where code = $1 and id <> $2', [office.code, office.id]);
    if (namesake) throw new DomainError('sync.officeCodeTaken', { code: office.code });
    await tx.query('insert into offices (id, code, admin_key) values ($1, $2, $3) on conflict (id) do nothing', [office.id, office.code, adminKey]);
    const [taken] = await tx.query<{ id: string }>('select id from devices where office_id = $1 and code = $2', [office.id, device.code]);
    if (taken && taken.id !== device.id) throw new DomainError('sync.deviceCodeTaken', { code: device.code });
    const [existing] = await tx.query<{ public_key: string; office_id: string }>('select public_key, office_id from devices where id = $1', [device.id]);
    if (existing && (existing.public_key !== device.publicKey || existing.office_id !== office.id)) throw new DomainError('sync.enrolmentInvalid');
    await tx.query(
      `insert into devices (id, office_id, code, public_key, enrolment) values ($1, $2, $3, $4, $5)
       on conflict (id) do update set enrolment = excluded.enrolment`,
      [device.id, office.id, device.code, device.publicKey, JSON.stringify(signed)],
    );
  }).catch((error: unknown) => {
    throw raced[uniqueViolation(error) ?? '']?.() ?? error;
  });
}

/** Requests to join that wait for an administrator: at most this many per office code, this many in all, for this long. */
export const JOINS_PER_OFFICE = 20;
export const JOINS_IN_ALL = 1000;
export const JOIN_DAYS = 7;
/** The advisory lock requests to join are taken under. */
const JOINS_LOCK = 0x6b656e534a;

/**
 * A new device asks to join an office; the administrator sees it on their sync screen. The id is
 * the asking key's from then on: an id that is enrolled, or that another key asked for, is refused,
 * so nobody can ask in another device's name for its enrolment. A request not enrolled in
 * JOIN_DAYS is forgotten.
 */
export async function requestJoin(sql: Sql, request: JoinRequest): Promise<void> {
  if (!(await isP256PublicKey(request.publicKey))) throw new DomainError('sync.badRequest', { detail: 'publicKey is not a P-256 public key' });
  await sql.transaction(async (tx) => {
    // One request to join at a time, whichever process takes it, so the counts below bound them.
    await tx.query(`select pg_advisory_xact_lock(${JOINS_LOCK})`);
    await tx.query(`delete from joins j where requested_at < now() - interval '${JOIN_DAYS} days' and not exists (select 1 from devices d where d.id = j.device_id)`);
    const [enrolled] = await tx.query('select 1 from devices where id = $1', [request.deviceId]);
    const [asked] = await tx.query<{ public_key: string }>('select public_key from joins where device_id = $1', [request.deviceId]);
    if (enrolled || (asked && asked.public_key !== request.publicKey)) throw new DomainError('sync.joinTaken');
    if (!asked) {
      const [counts] = await tx.query<{ office: number; total: number }>(
        `select count(*) filter (where j.office_code = $1)::int as office, count(*)::int as total from joins j
         where not exists (select 1 from devices d where d.id = j.device_id)`,
        [request.officeCode],
      );
      if (counts!.office >= JOINS_PER_OFFICE || counts!.total >= JOINS_IN_ALL) throw new DomainError('sync.joinsFull');
    }
    await tx.query(
      `insert into joins (device_id, office_code, public_key, label) values ($1, $2, $3, $4)
       on conflict (device_id) do update set office_code = excluded.office_code, label = excluded.label`,
      [request.deviceId, request.officeCode, request.publicKey, request.label],
    );
  });
}

/** The requests to join this device's office that are not enrolled yet. */
export async function pendingJoins(sql: Sql, officeId: string): Promise<JoinRequest[]> {
  const rows = await sql.query<{ device_id: string; office_code: string; public_key: string; label: string }>(
    `select j.* from joins j join offices o on o.code = j.office_code where o.id = $1 and not exists (select 1 from devices d where d.id = j.device_id) order by j.requested_at`,
    [officeId],
  );
  return rows.map((r) => ({ deviceId: r.device_id, officeCode: r.office_code, publicKey: r.public_key, label: r.label }));
}

/** The joining device's enrolment, once the administrator has signed it for the very key that asked. */
export async function enrolmentOf(sql: Sql, deviceId: string): Promise<SignedEnrolment | null> {
  const [row] = await sql.query<{ enrolment: SignedEnrolment }>('select d.enrolment from devices d join joins j on j.device_id = d.id and j.public_key = d.public_key where d.id = $1', [deviceId]);
  return row?.enrolment ?? null;
}

import { DomainError, enrolmentIsSigned, fromBase64, readAuthHeader, requestBytes, verifyEs256, type JoinRequest, type SignedEnrolment, type TrustFile } from '../shared';
import type { Sql } from './hubDb';

/*
 * Who may talk to the hub: a device's signed, never-replayed requests; the enrolments the office
 * administrator key signs; the requests of devices that ask to join.
 */

/** The trust anchors the hub accepts offices by: the shipped trust files and those in its trust folder. */
export type TrustSource = () => Promise<TrustFile>;

/** Checks a device's request signature and that its nonce was never used, and records the nonce. */
export async function authenticate(sql: Sql, header: string | undefined, method: string, path: string, body: string, joining = false): Promise<{ deviceId: string; officeId: string | null }> {
  const auth = readAuthHeader(header);
  if (!auth) throw new DomainError('sync.notEnrolled');
  const table = joining ? 'joins' : 'devices';
  const [row] = await sql.query<{ public_key: string; nonce: number; office_id?: string }>(`select * from ${table} where ${joining ? 'device_id' : 'id'} = $1`, [auth.deviceId]);
  if (!row) throw new DomainError(joining ? 'sync.joinUnknown' : 'sync.notEnrolled');
  let genuine = false;
  try {
    genuine = await verifyEs256(row.public_key, requestBytes(method, path, auth.deviceId, auth.nonce, body), fromBase64(auth.signature));
  } catch {
    // Not base64: no signature at all.
  }
  if (!genuine) throw new DomainError('sync.badSignature');
  const [fresh] = await sql.query(`update ${table} set nonce = $2 where ${joining ? 'device_id' : 'id'} = $1 and nonce < $2 returning nonce`, [auth.deviceId, auth.nonce]);
  if (!fresh) throw new DomainError('sync.replay', { nonce: row.nonce });
  return { deviceId: auth.deviceId, officeId: row.office_id ?? null };
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
  await sql.transaction(async (tx) => {
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
  });
}

/** A new device asks to join an office; the administrator sees it on their sync screen. */
export async function requestJoin(sql: Sql, request: JoinRequest): Promise<void> {
  await sql.query(
    `insert into joins (device_id, office_code, public_key, label) values ($1, $2, $3, $4)
     on conflict (device_id) do update set office_code = excluded.office_code, label = excluded.label where joins.public_key = excluded.public_key`,
    [request.deviceId, request.officeCode, request.publicKey, request.label],
  );
}

/** The requests to join this device's office that are not enrolled yet. */
export async function pendingJoins(sql: Sql, officeId: string): Promise<JoinRequest[]> {
  const rows = await sql.query<{ device_id: string; office_code: string; public_key: string; label: string }>(
    `select j.* from joins j join offices o on o.code = j.office_code where o.id = $1 and not exists (select 1 from devices d where d.id = j.device_id) order by j.requested_at`,
    [officeId],
  );
  return rows.map((r) => ({ deviceId: r.device_id, officeCode: r.office_code, publicKey: r.public_key, label: r.label }));
}

/** The joining device's enrolment, once the administrator has signed it. */
export async function enrolmentOf(sql: Sql, deviceId: string): Promise<SignedEnrolment | null> {
  const [row] = await sql.query<{ enrolment: SignedEnrolment }>('select enrolment from devices where id = $1', [deviceId]);
  return row?.enrolment ?? null;
}

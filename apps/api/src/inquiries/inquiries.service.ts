import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { VerityEnv } from '../../../../libs/config/src';
import { durationSeconds } from '../../../../libs/config/src/duration';
import { branchToday } from '../../../../libs/domain/src/calendar/working-calendar';
import { mailbox } from '../../../../libs/domain/src/case/mailbox';
import { normaliseNameForCompare } from '../../../../libs/domain/src/contact/person-name';
import { identityKey } from '../../../../libs/domain/src/inquiry/beneficiaries';
import {
  countFailuresSince,
  isLocked,
  lockAfterFailure,
  type LockKind,
  type LockoutSettings,
} from '../../../../libs/domain/src/inquiry/inquiry-lockout';
import { matchesParty, padCandidates, type InquiryCandidate } from '../../../../libs/domain/src/inquiry/inquiry-match';
import { INQUIRY_SLICES } from '../../../../libs/domain/src/inquiry/inquiry-slice';
import { CaseReadModel } from '../../../../libs/persistence/src/cases/case-read-model';
import { FieldCipher } from '../../../../libs/persistence/src/crypto/field-cipher';
import {
  countInquiryFailures,
  inquiryTarget,
  lockInquiryKeys,
  readInquiryLocks,
  recordInquiryAttempt,
  setInquiryLock,
  type InquiryOutcome,
} from '../../../../libs/persistence/src/inquiries/inquiry-repository';
import { PolicyReader } from '../../../../libs/persistence/src/policies/policy-reader';
import { AuditService } from '../audit/audit.service';
import { scopeCovers, type Principal } from '../auth/principal';
import { DomainError } from '../common/domain-error';
import { maskName } from '../policies/masking';
import { CampaignWorkflowGateway } from '../temporal/campaign-workflow.gateway';
import type { InquiryAnswerDto, InquiryDto } from './dto/inquiry.dto';
import { inquiryAnswer } from './inquiry-answer';

/** The one refusal, whatever failed: same status, same body. */
const REFUSAL = 'the details given do not open this policy; nothing can be disclosed';

/**
 * Inquiries after identity verification (R8; Art. 17, 19, 21). Every inquiry runs the same steps: one lookup of the
 * policy's parties (one row whether it exists or not), one keyed hash of the asserted name per candidate slot and a
 * constant-time comparison of all slots, the lock check, the attempt row and the audit row. A refusal is the same
 * answer for an unknown policy, one outside the caller's scope, a wrong name, ID or relation.
 */
@Injectable()
export class InquiriesService {
  private readonly logger = new Logger(InquiriesService.name);
  private readonly reader: PolicyReader;
  private readonly lockout: LockoutSettings;
  /** Identity hashes of the decoy slots: random, so no asserted identity can equal one. */
  private readonly decoyIds = Array.from({ length: 16 }, () => randomBytes(32));

  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly cipher: FieldCipher,
    private readonly readModel: CaseReadModel,
    private readonly gateway: CampaignWorkflowGateway,
    private readonly env: VerityEnv,
  ) {
    this.reader = new PolicyReader(cipher);
    this.lockout = {
      threshold: env.INQUIRY_LOCK_THRESHOLD,
      windowMs: durationSeconds(env.INQUIRY_LOCK_WINDOW) * 1000,
      coolingMs: durationSeconds(env.INQUIRY_COOLING_PERIOD) * 1000,
    };
  }

  async inquire(principal: Principal, dto: InquiryDto): Promise<InquiryAnswerDto> {
    const now = new Date();
    const policyKey = dto.policyNumber;
    const asserted = identityKey(dto.idType, dto.idNumber, branchToday(now));
    let askerKey = '';

    const result = await this.db.transaction(async (tx) => {
      // The index key the database names (a key rotation may be moving the stored hashes to a new one).
      const cipher = await this.cipher.forWrite(tx);
      const [askerHash, ...askerHashesBefore] = cipher.blindIndexes(asserted);
      askerKey = askerHash.toString('hex');
      const nameMac = this.nameMac(dto.name, cipher);
      await lockInquiryKeys(tx, [`asker:${askerKey}`, `policy:${policyKey}`]);
      const target = await inquiryTarget(tx, policyKey);
      const visible = target.policy !== null && scopeCovers(principal, target.policy.branchCode, target.policy.channel);
      const real = visible ? target.parties : [];
      // One HMAC per slot, real or decoy, so the number of parties a policy has does not show either.
      const candidates = padCandidates(
        real.map((p) => ({
          relation: p.relation,
          nameMac: this.nameMac(p.name ?? '', cipher),
          idMac: p.idHash ?? this.decoyIds[0],
        })),
        (i): InquiryCandidate => ({
          relation: 'decoy',
          nameMac: this.nameMac(`decoy:${i}`, cipher),
          idMac: this.decoyIds[i],
        }),
      );
      // Mid-rotation a stored ID may still be under the previous index key: both are compared, on every path.
      const matches = [askerHash, ...askerHashesBefore].map((idMac) =>
        matchesParty({ relation: dto.relation, nameMac, idMac }, candidates),
      );
      const matched = matches.some(Boolean);
      const askerHashes = [askerHash, ...askerHashesBefore];

      const locks = await readInquiryLocks(tx, askerKey, policyKey);
      const locked = isLocked(locks.asker, now) || isLocked(locks.policy, now);
      const outcome: InquiryOutcome = locked ? 'locked' : matched ? 'granted' : 'refused';
      await recordInquiryAttempt(tx, {
        at: now,
        actorId: principal.userId,
        policyKey,
        askerHash,
        relation: dto.relation,
        channel: dto.channel,
        outcome,
      });

      const locksStarted: Array<{ kind: LockKind; until: Date }> = [];
      if (outcome === 'refused') {
        const counts = await countInquiryFailures(
          tx,
          askerHash,
          countFailuresSince(now, locks.asker, this.lockout),
          policyKey,
          countFailuresSince(now, locks.policy, this.lockout),
        );
        for (const kind of ['asker', 'policy'] as const) {
          const until = lockAfterFailure(counts[kind], now, this.lockout);
          if (!until) continue;
          await setInquiryLock(tx, kind, kind === 'asker' ? askerKey : policyKey, now, until);
          locksStarted.push({ kind, until });
        }
        if (locksStarted.length > 0)
          await this.notifyCompliance(tx, target.policy, policyKey, askerKey, locksStarted, now);
      }

      let answer: InquiryAnswerDto | null = null;
      if (outcome === 'granted') {
        const policy = (await this.reader.findByNumber(tx, policyKey))!;
        const own = real.find(
          (p) =>
            p.relation === 'beneficiary' &&
            askerHashes.some((h) => p.idHash?.equals(h)) &&
            this.sameName(p.name, dto.name),
        );
        answer = inquiryAnswer(policy, dto.relation, dto.channel, own?.position ?? null);
      }
      await this.audit.record(tx, principal, {
        action: `inquiry.${outcome}`,
        entityType: 'policy',
        entityId: policyKey,
        detail: {
          relation: dto.relation,
          channel: dto.channel,
          // Who asked, as the blind index of the asserted ID (never the number) and the masked name.
          asker: askerKey,
          idType: dto.idType,
          name: maskName(dto.name),
          disclosed: outcome === 'granted' ? INQUIRY_SLICES[dto.relation] : [],
          locksStarted: locksStarted.map((l) => ({ kind: l.kind, until: l.until.toISOString() })),
        },
      });
      return { outcome, answer, locksStarted };
    });

    if (result.locksStarted.length > 0) await this.kickOutbox();
    if (result.outcome === 'locked') {
      throw new DomainError(
        'INQUIRY_LOCKED',
        `too many failed inquiries for this person or this policy: every inquiry is refused for a cooling period of ${this.env.INQUIRY_COOLING_PERIOD}, and compliance has been told`,
      );
    }
    if (result.outcome === 'refused') throw new DomainError('INQUIRY_REFUSED', REFUSAL);
    return result.answer!;
  }

  /** Keyed hash of a name as compared (NFKC, no spaces or middle dots, case-folded), so it is compared in constant time. */
  private nameMac(name: string, cipher: FieldCipher): Buffer {
    return cipher.blindIndex(`name:${normaliseNameForCompare(name)}`);
  }

  private sameName(stored: string | null, asserted: string): boolean {
    return stored !== null && normaliseNameForCompare(stored) === normaliseNameForCompare(asserted);
  }

  /** Compliance hears of every lock at once: in the policy's scope when it exists, else head office's mailbox. */
  private async notifyCompliance(
    tx: EntityManager,
    policy: { branchCode: string; channel: string } | null,
    policyKey: string,
    askerKey: string,
    locks: Array<{ kind: LockKind; until: Date }>,
    now: Date,
  ): Promise<void> {
    const recipient = policy
      ? mailbox('compliance', policy.branchCode, policy.channel)
      : mailbox('compliance', '*', '*');
    const notices = locks.map((l) => ({
      recipient,
      kind: 'INQUIRY_LOCKED',
      message:
        l.kind === 'asker'
          ? `inquiry lock-out: ${this.lockout.threshold} failed inquiries by one asker identity (index ${askerKey.slice(0, 12)}…, last on policy ${policyKey}); refused until ${l.until.toISOString()}`
          : `inquiry lock-out: ${this.lockout.threshold} failed inquiries on policy ${policyKey}; refused until ${l.until.toISOString()}`,
    }));
    // One notice per lock and mailbox: the source id names the lock, so a repeated write changes nothing.
    for (const [i, n] of notices.entries()) {
      const key = locks[i].kind === 'asker' ? askerKey : policyKey;
      await this.readModel.recordNotices(
        `inquiry-lock-${locks[i].kind}-${key}-${now.getTime()}`,
        1,
        [n],
        this.env.NOTIFY_WEBHOOK_URL ?? null,
        tx,
      );
    }
    this.logger.warn(`inquiry lock-out on policy ${policyKey}: ${locks.map((l) => l.kind).join(', ')}`);
  }

  /** The lock is recorded whatever happens here: a missed wake-up is made good by the next event's. */
  private async kickOutbox(): Promise<void> {
    if (!this.env.NOTIFY_WEBHOOK_URL) return;
    try {
      await this.gateway.kickOutbox();
    } catch (err) {
      this.logger.warn(`could not wake the notification outbox: ${(err as Error).message}`);
    }
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RecheckTaskView } from '../../../../libs/contracts/src/campaign.contract';
import type { Correction } from '../../../../libs/contracts/src/case.contract';
import { checkRecheckStep } from '../../../../libs/domain/src/conduct/conduct-rules';
import {
  findCampaign,
  findTask,
  listCampaigns,
  listTasks,
  type CampaignRow,
} from '../../../../libs/persistence/src/conduct/campaigns';
import { FieldCipher } from '../../../../libs/persistence/src/crypto/field-cipher';
import { customerIdsOfPolicy } from '../../../../libs/persistence/src/policies/policy-updates';
import { scopeCovers, type Principal } from '../auth/principal';
import { actorOf } from '../cases/cases.service';
import { checkCorrectionsOnRecord } from '../cases/correction-check';
import { DomainError } from '../common/domain-error';
import { maskFieldValue, ROLES_SEEING_SENSITIVE } from '../policies/masking';
import { CampaignWorkflowGateway } from '../temporal/campaign-workflow.gateway';
import type { CompleteRecheckDto, ListCampaignsQuery, ListRecheckTasksQuery } from './dto/conduct-requests.dto';
import type {
  CampaignDetailDto,
  CampaignPageDto,
  RecheckTaskDto,
  RecheckTaskPageDto,
} from './dto/conduct-responses.dto';

const TASKS_IN_DETAIL = 500;

/** A re-check task as a role may see it: corrected values masked by field unless the role needs them whole. */
export function maskTask(task: RecheckTaskView, role: Principal['role']): RecheckTaskDto {
  if (ROLES_SEEING_SENSITIVE.includes(role) || !task.corrections) return task;
  return {
    ...task,
    corrections: task.corrections.map((c: Correction) => ({
      ...c,
      oldValue: maskFieldValue(c.field, c.oldValue),
      newValue: maskFieldValue(c.field, c.newValue),
    })),
  };
}

/**
 * Re-check campaigns and their tasks (R6): read from the tables the campaign workflow writes; a re-check is sent
 * to the workflow as an Update, after the scope, the state and the corrections are checked here.
 */
@Injectable()
export class CampaignsService {
  constructor(
    private readonly db: DataSource,
    private readonly cipher: FieldCipher,
    private readonly campaigns: CampaignWorkflowGateway,
  ) {}

  async list(principal: Principal, q: ListCampaignsQuery): Promise<CampaignPageDto> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const { items, total } = await listCampaigns(this.db.manager, principal, q, page, pageSize);
    return { items, page, pageSize, total };
  }

  async get(principal: Principal, campaignId: string): Promise<CampaignDetailDto> {
    const campaign = await this.mustFind(principal, campaignId);
    // Every task of the campaign, whatever branch its policy is in: the campaign is read in the subject's scope.
    const tasks = await listTasks(
      this.db.manager,
      this.cipher,
      { branches: ['*'], channels: ['*'] },
      { campaignId },
      1,
      TASKS_IN_DETAIL,
    );
    return { ...campaign, taskList: tasks.items.map((t) => maskTask(t, principal.role)) };
  }

  async tasks(principal: Principal, q: ListRecheckTasksQuery): Promise<RecheckTaskPageDto> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    // Only customer service records re-checks: "mine" is nothing for anyone else.
    if (q.mine && principal.role !== 'customer_service') return { items: [], page, pageSize, total: 0 };
    const { items, total } = await listTasks(
      this.db.manager,
      this.cipher,
      principal,
      { campaignId: q.campaignId, state: q.mine ? 'OPEN' : q.state, overdue: q.overdue },
      page,
      pageSize,
    );
    return { items: items.map((t) => maskTask(t, principal.role)), page, pageSize, total };
  }

  async complete(principal: Principal, taskId: string, dto: CompleteRecheckDto): Promise<RecheckTaskDto> {
    const task = await findTask(this.db.manager, this.cipher, taskId);
    if (!task || !scopeCovers(principal, task.branchCode, task.channel))
      throw new DomainError('RECHECK_TASK_NOT_FOUND', `re-check task ${taskId} not found`);
    if (task.state === 'DONE')
      throw new DomainError('RECHECK_TASK_REFUSED', `re-check task ${taskId} was done already: ${task.outcome}`);
    const shape = checkRecheckStep(dto);
    if (shape) throw new DomainError('FIELD_INVALID', shape.message, shape.field);
    const corrections =
      dto.corrections && dto.corrections.length > 0
        ? await checkCorrectionsOnRecord(
            this.db,
            this.cipher,
            dto.corrections,
            await customerIdsOfPolicy(this.db.manager, task.policyNumber),
          )
        : undefined;
    const done = await this.campaigns.completeTask(task.campaignId, {
      actor: actorOf(principal),
      taskId,
      outcome: dto.outcome,
      revisitMade: dto.revisitMade,
      revisitResult: dto.revisitResult,
      corrections,
      note: dto.note,
    });
    return maskTask(done, principal.role);
  }

  /** The campaign in the caller's scope (its subject's branch and channel), else 404. */
  async mustFind(principal: Principal, campaignId: string): Promise<CampaignRow> {
    const campaign = await findCampaign(this.db.manager, campaignId);
    if (!campaign || !scopeCovers(principal, campaign.branchCode, campaign.channel))
      throw new DomainError('CAMPAIGN_NOT_FOUND', `campaign ${campaignId} not found`);
    return campaign;
  }
}

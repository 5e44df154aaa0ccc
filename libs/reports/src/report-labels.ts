import type { CaseOutcome } from '../../contracts/src/case.contract';
import type { QuarterlyReportData } from '../../contracts/src/report.contract';
import { FINDING_RULE_LABELS_ZH, formatBranchLocal } from '../../detection/src/finding-list-export';
import { quarterLabelZh } from '../../domain/src/report/quarter';

/** Chinese terms of the report, as the console and the suspicious list use them. */

export const CHANNEL_ZH: Readonly<Record<string, string>> = {
  agency: '个人代理',
  bancassurance: '银行保险',
  intermediary: '中介',
  '*': '合计',
};

export const OUTCOME_ZH: Readonly<Record<CaseOutcome, string>> = {
  CLEARED: '核实无误',
  CORRECTED: '已更正',
  FALSE_INFO_CONFIRMED: '确认虚假信息',
};

export const SUBJECT_KIND_ZH: Readonly<Record<string, string>> = { seller: '销售人员', agency: '代理机构' };

export const INCIDENT_KIND_ZH: Readonly<Record<string, string>> = {
  refused_true_data: '拒绝提供真实客户信息',
  provided_false_data: '提供虚假客户信息',
};

export const PENALTY_KIND_ZH: Readonly<Record<string, string>> = {
  warning: '警告',
  commission_deduction: '扣减佣金',
  grade_demotion: '降级',
  contract_termination: '解除合同',
  other: '其他',
};

export const REFERRAL_STATUS_ZH: Readonly<Record<string, string>> = { REFERRED: '待合规委员会决定', DECIDED: '已决定' };
export const CAMPAIGN_STATUS_ZH: Readonly<Record<string, string>> = { RUNNING: '进行中', COMPLETED: '已完成' };

export function label(map: Readonly<Record<string, string>>, key: string): string {
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : key;
}

export function ruleZh(rule: string): string {
  return label(FINDING_RULE_LABELS_ZH, rule);
}

/** 'YYYY-MM-DD HH:mm' in Asia/Shanghai; '' for null. */
export function localTime(instant: string | null): string {
  return formatBranchLocal(instant);
}

/** 0.8333 → '83.33%'; null (nothing closed) → '—'. */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(2)}%`;
}

/** A campaign's recorded result as one line: `key: value; …` (objects as JSON); '' when none. */
export function resultText(result: unknown): string {
  if (result === null || result === undefined) return '';
  if (typeof result !== 'object' || Array.isArray(result)) return JSON.stringify(result);
  return Object.entries(result as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
    .join('; ');
}

/** '2026年第三季度（2026-07-01 至 2026-09-30）' */
export function periodZh(data: QuarterlyReportData): string {
  const h = data.header;
  return `${quarterLabelZh(h.quarter)}（${h.periodFirstDay} 至 ${h.periodLastDay}）`;
}

/** The name a download gets: verity-report-GZ01-2026Q3-v1.pdf */
export function reportFileName(data: QuarterlyReportData, extension: 'pdf' | 'xlsx' | 'json'): string {
  const branch = data.header.branchCode.replace(/[^A-Za-z0-9_-]/g, '_');
  return `verity-report-${branch}-${data.header.quarter}-v${data.header.version}.${extension}`;
}

import { CASE_OUTCOMES } from '../../contracts/src/case.contract';
import type { CaseFiguresRow, QuarterlyReportData } from '../../contracts/src/report.contract';
import {
  CAMPAIGN_STATUS_ZH,
  CHANNEL_ZH,
  INCIDENT_KIND_ZH,
  label,
  localTime,
  OUTCOME_ZH,
  PENALTY_KIND_ZH,
  percent,
  periodZh,
  REFERRAL_STATUS_ZH,
  resultText,
  ruleZh,
  SUBJECT_KIND_ZH,
} from './report-labels';

/**
 * The report's tables, one definition for the XLSX (one sheet each) and the PDF (one numbered section each): the
 * columns with their headers and widths, and the cells of every row, taken from the stored snapshot only.
 */

/** A cell: text, a number, or a list (the XLSX joins all of it; the PDF shows the first entries and a count). */
export type Cell = string | number | string[];

export interface Column {
  en: string;
  zh: string;
  /** XLSX width in characters (a CJK character counts two). */
  xlsxWidth: number;
  /** Share of the PDF page width. */
  pdfWeight: number;
  numeric?: boolean;
}

export interface SectionTable {
  key: string;
  sheet: string;
  titleZh: string;
  titleEn: string;
  /** Said in the PDF when the table has no row. */
  emptyZh: string;
  columns: Column[];
  rows: Cell[][];
  /** A closing row in bold (totals). */
  footer?: Cell[];
}

const col = (en: string, zh: string, xlsxWidth: number, pdfWeight: number, numeric = false): Column => ({
  en,
  zh,
  xlsxWidth,
  pdfWeight,
  numeric,
});

const OUTCOME_EN: Readonly<Record<(typeof CASE_OUTCOMES)[number], string>> = {
  CLEARED: 'Closed: cleared',
  CORRECTED: 'Closed: corrected',
  FALSE_INFO_CONFIRMED: 'Closed: false data confirmed',
};

const channel = (c: string) => label(CHANNEL_ZH, c);
const orDash = (v: string | null) => v ?? '—';

function caseFigureCells(r: CaseFiguresRow): Cell[] {
  return [
    r.branchCode === '*' ? '合计' : r.branchCode,
    r.channel === '*' ? '' : channel(r.channel),
    r.opened,
    r.closed,
    ...CASE_OUTCOMES.map((o) => r.closedByOutcome[o]),
    r.escalated,
    r.closedWithinSla,
    percent(r.slaRate),
    r.coolingOffBreaches,
  ];
}

export function reportTables(data: QuarterlyReportData): SectionTable[] {
  return [
    {
      key: 'falseInfoSellers',
      sheet: '虚假信息销售人员',
      titleZh: '提供虚假客户信息的销售人员',
      titleEn: 'Sellers who supplied false customer data',
      emptyZh: '本季度无经核实提供虚假客户信息的销售人员。',
      columns: [
        col('Seller code', '销售人员代码', 16, 1.1),
        col('Name', '姓名', 12, 1),
        col('Channel', '渠道', 12, 0.9),
        col('Agency', '所属代理机构', 14, 1),
        col('Cases', '案件数', 8, 0.6, true),
        col('Case references', '案件编号', 60, 3.4),
      ],
      rows: data.falseInfoSellers.map((r) => [
        r.sellerCode,
        orDash(r.sellerName),
        channel(r.channel),
        orDash(r.agencyCode),
        r.caseIds.length,
        r.caseIds,
      ]),
    },
    {
      key: 'agencies',
      sheet: '代理机构',
      titleZh: '拒绝提供或提供虚假客户信息的代理机构',
      titleEn: 'Agencies that refused true customer data or provided false data',
      emptyZh: '本季度无拒绝提供或提供虚假客户信息的代理机构。',
      columns: [
        col('Agency code', '机构代码', 14, 0.9),
        col('Name', '机构名称', 24, 2),
        col('Channel', '渠道', 12, 0.6),
        col('Refused true data', '拒绝提供', 10, 0.6, true),
        col('Provided false data', '提供虚假', 10, 0.6, true),
        col('False-information cases', '确认虚假信息案件', 40, 1.7),
        col('Cases behind incidents', '事件相关案件', 40, 1.7),
      ],
      rows: data.agencies.map((r) => [
        r.agencyCode,
        orDash(r.agencyName),
        channel(r.channel),
        r.refusedTrueData,
        r.providedFalseData,
        r.falseInfoCaseIds,
        r.incidentCaseIds,
      ]),
    },
    {
      key: 'agencyIncidents',
      sheet: '代理机构事件',
      titleZh: '代理机构事件明细',
      titleEn: 'Agency incidents',
      emptyZh: '本季度无代理机构事件记录。',
      columns: [
        col('Recorded at', '记录时间', 17, 1),
        col('Agency code', '机构代码', 14, 0.9),
        col('Name', '机构名称', 20, 1.2),
        col('Kind', '类型', 22, 1.2),
        col('Description', '情况说明', 50, 2.4),
        col('Cases', '相关案件', 40, 1.6),
      ],
      rows: data.agencyIncidents.map((r) => [
        localTime(r.recordedAt),
        r.agencyCode,
        orDash(r.agencyName),
        label(INCIDENT_KIND_ZH, r.kind),
        r.description,
        r.caseIds,
      ]),
    },
    {
      key: 'penalties',
      sheet: '处罚',
      titleZh: '处罚情况',
      titleEn: 'Penalties imposed',
      emptyZh: '本季度无处罚决定。',
      columns: [
        col('Decided at', '决定时间', 17, 1),
        col('Subject', '对象', 10, 0.7),
        col('Code', '代码', 14, 0.9),
        col('Name', '姓名/名称', 16, 1),
        col('Channel', '渠道', 12, 0.7),
        col('Penalty', '处罚类型', 12, 0.8),
        col('Amount (CNY)', '金额（元）', 12, 0.8, true),
        col('Assessment period', '考核期', 12, 0.8),
        col('Reason', '事由', 40, 1.6),
        col('Cases / campaign', '相关案件/复核', 40, 1.5),
      ],
      rows: data.penalties.map((r) => [
        localTime(r.decidedAt),
        label(SUBJECT_KIND_ZH, r.subjectKind),
        r.subjectCode,
        orDash(r.subjectName),
        channel(r.channel),
        label(PENALTY_KIND_ZH, r.kind),
        r.amount ?? '—',
        r.assessmentPeriod,
        r.reason,
        r.campaignId ? [...r.caseIds, r.campaignId] : r.caseIds,
      ]),
    },
    {
      key: 'referrals',
      sheet: '合规委员会移交',
      titleZh: '移交合规委员会的批评整改意见',
      titleEn: 'Criticism and rectification opinions referred to the compliance committee',
      emptyZh: '本季度无移交合规委员会的事项。',
      columns: [
        col('Referred at', '移交时间', 17, 1),
        col('Subject', '对象', 10, 0.7),
        col('Code', '代码', 14, 0.9),
        col('Name', '姓名/名称', 16, 1),
        col('Channel', '渠道', 12, 0.7),
        col('Opinion', '批评整改意见', 40, 1.8),
        col('Status at quarter end', '季末状态', 16, 0.9),
        col('Decision', '委员会决定', 30, 1.3),
        col('Decided at', '决定时间', 17, 1),
        col('Cases', '相关案件', 40, 1.3),
      ],
      rows: data.referrals.map((r) => [
        localTime(r.referredAt),
        label(SUBJECT_KIND_ZH, r.subjectKind),
        r.subjectCode,
        orDash(r.subjectName),
        channel(r.channel),
        r.opinion,
        label(REFERRAL_STATUS_ZH, r.status),
        orDash(r.decision),
        localTime(r.decidedAt),
        r.caseIds,
      ]),
    },
    {
      key: 'findingsByRule',
      sheet: '可疑线索统计',
      titleZh: '可疑客户信息线索（按规则、渠道）',
      titleEn: 'Suspicious-list findings by rule and channel',
      emptyZh: '本季度可疑客户清单无线索。',
      columns: [
        col('Rule', '可疑类型', 30, 2.5),
        col('Rule code', '规则代码', 22, 1.8),
        col('Channel', '渠道', 12, 1),
        col('Findings', '线索数', 10, 0.8, true),
      ],
      rows: data.figures.findingsByRule.map((r) => [ruleZh(r.rule), r.rule, channel(r.channel), r.findings]),
      footer: data.figures.findingsByRule.length
        ? ['合计', '', '', data.figures.findingsByRule.reduce((n, r) => n + r.findings, 0)]
        : undefined,
    },
    {
      key: 'cases',
      sheet: '案件统计',
      titleZh: '问题件调查情况（按机构、渠道）',
      titleEn: 'Cases by branch and channel',
      emptyZh: '本季度无问题件。',
      columns: [
        col('Branch', '机构', 10, 0.8),
        col('Channel', '渠道', 12, 0.9),
        col('Opened', '立案', 8, 0.6, true),
        col('Closed', '结案', 8, 0.6, true),
        ...CASE_OUTCOMES.map((o) => col(OUTCOME_EN[o], OUTCOME_ZH[o], 12, 0.8, true)),
        col('Escalated', '升级至合规', 10, 0.8, true),
        col('Closed within SLA', '按时完成调查', 12, 0.8, true),
        col('SLA compliance', '调查时效达标率', 14, 0.9, true),
        col('Cooling-off breaches', '犹豫期内未结案', 14, 0.9, true),
      ],
      rows: data.figures.cases.map(caseFigureCells),
      footer: data.figures.cases.length ? caseFigureCells(data.figures.casesTotal) : undefined,
    },
    {
      key: 'campaigns',
      sheet: '复核活动',
      titleZh: '投诉触发的复核活动及结果',
      titleEn: 'Re-check campaigns and their results',
      emptyZh: '本季度无复核活动。',
      columns: [
        col('Started at', '开始时间', 17, 1),
        col('Subject', '对象', 10, 0.7),
        col('Code', '代码', 14, 0.9),
        col('Name', '姓名/名称', 16, 1),
        col('Channel', '渠道', 12, 0.7),
        col('Complaints', '投诉数', 8, 0.6, true),
        col('Status at quarter end', '季末状态', 12, 0.8),
        col('Finished at', '完成时间', 17, 1),
        col('Result', '结果', 60, 2.5),
      ],
      rows: data.campaigns.map((r) => [
        localTime(r.startedAt),
        label(SUBJECT_KIND_ZH, r.subjectKind),
        r.subjectCode,
        orDash(r.subjectName),
        channel(r.channel),
        r.complaints,
        label(CAMPAIGN_STATUS_ZH, r.status),
        localTime(r.finishedAt),
        resultText(r.result),
      ]),
    },
  ];
}

/** 'English / 中文', as the suspicious list's headers. */
export function columnHeader(column: Column): string {
  return `${column.en} / ${column.zh}`;
}

/** Separator of a list inside one cell, as the suspicious list. */
export const LIST_SEPARATOR = '; ';

/** What a rendering needs: the stored snapshot and its identity. */
export interface RenderableReport {
  id: string;
  contentSha256: string;
  data: QuarterlyReportData;
}

export interface InfoLine {
  en: string;
  zh: string;
  value: string | number;
}

/** The report's identity: who, which quarter, which version, when, and the hash that pins its content. */
export function identityLines(report: RenderableReport): InfoLine[] {
  const h = report.data.header;
  return [
    { en: 'Branch', zh: '报送机构', value: h.branchCode },
    { en: 'Period', zh: '报告期间', value: periodZh(report.data) },
    { en: 'Version', zh: '版本', value: h.version },
    {
      en: 'Corrects',
      zh: '更正的版本',
      value: h.replacesId ? `第 ${h.replacesVersion} 版（${h.replacesId}）` : '—',
    },
    { en: 'Correction note', zh: '更正说明', value: h.correctionNote ?? '—' },
    { en: 'Generated at (Beijing time)', zh: '生成时间（北京时间）', value: localTime(h.generatedAt) },
    { en: 'Generated by', zh: '生成人', value: h.generatedBy },
    { en: 'Report id', zh: '报告编号', value: report.id },
    { en: 'Content SHA-256', zh: '内容哈希（SHA-256）', value: report.contentSha256 },
  ];
}

/** The quarter in a few figures. */
export function summaryLines(data: QuarterlyReportData): InfoLine[] {
  const t = data.figures.casesTotal;
  return [
    {
      en: 'Suspicious-list findings',
      zh: '可疑客户信息线索',
      value: data.figures.findingsByRule.reduce((n, r) => n + r.findings, 0),
    },
    { en: 'Cases opened', zh: '立案', value: t.opened },
    { en: 'Cases closed', zh: '结案', value: t.closed },
    ...CASE_OUTCOMES.map((o) => ({ en: OUTCOME_EN[o], zh: `其中${OUTCOME_ZH[o]}`, value: t.closedByOutcome[o] })),
    { en: 'Escalated to compliance', zh: '升级至合规', value: t.escalated },
    { en: 'Investigation SLA compliance', zh: '调查时效达标率', value: percent(t.slaRate) },
    { en: 'Cooling-off breaches', zh: '犹豫期内未结案', value: t.coolingOffBreaches },
    { en: 'Sellers who supplied false data', zh: '提供虚假信息的销售人员', value: data.falseInfoSellers.length },
    { en: 'Agencies', zh: '拒绝提供或提供虚假信息的代理机构', value: data.agencies.length },
    { en: 'Penalties', zh: '处罚', value: data.penalties.length },
    { en: 'Referrals', zh: '移交合规委员会', value: data.referrals.length },
    { en: 'Re-check campaigns', zh: '复核活动', value: data.campaigns.length },
  ];
}

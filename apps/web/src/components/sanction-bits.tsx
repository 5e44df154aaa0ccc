import { Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { SubjectKind } from '../api/sanctions';
import { useI18n } from '../i18n';
import { fmtDateTime, sh } from '../time';

/** The directory entry of a seller or agency, opened in the sellers page's drawer. */
export function subjectHref(kind: SubjectKind, code: string): string {
  const p = new URLSearchParams();
  if (kind === 'agency') p.set('kind', 'agencies');
  p.set('code', code);
  return `/sellers?${p.toString()}`;
}

/** "销售人员 GZA001", linked to its directory entry and conduct history. */
export function SubjectLink({ kind, code }: { kind: SubjectKind; code: string }) {
  const { label } = useI18n();
  return (
    <Space size={4} wrap>
      <Tag>{label('subjectKind', kind)}</Tag>
      <Link to={subjectHref(kind, code)}>{code}</Link>
    </Space>
  );
}

/** Case ids, each a link to its case (shortened, the whole id in its title). */
export function CaseLinks({ ids }: { ids: string[] }) {
  if (ids.length === 0) return <>—</>;
  return (
    <Space orientation="vertical" size={0}>
      {ids.map((id) => (
        <Link key={id} to={`/cases/${encodeURIComponent(id)}`} title={id}>
          {id.length > 22 ? `${id.slice(0, 20)}…` : id}
        </Link>
      ))}
    </Space>
  );
}

/** Yuan with two decimals, or a dash. */
export function Amount({ value }: { value: number | string | null | undefined }) {
  if (value === null || value === undefined || value === '') return <>—</>;
  const n = typeof value === 'number' ? value : Number(value);
  return (
    <Typography.Text>
      ¥{n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}
    </Typography.Text>
  );
}

/** The quarter a moment falls in, in Asia/Shanghai: '2026Q4'. */
export function quarterOf(at: Date | string = new Date()): string {
  const d = sh(at);
  return `${d.year()}Q${Math.floor(d.month() / 3) + 1}`;
}

/** The quarter before one: '2026Q1' → '2025Q4'. */
export function previousQuarter(quarter: string): string {
  const year = Number(quarter.slice(0, 4));
  const q = Number(quarter.slice(5));
  return q === 1 ? `${year - 1}Q4` : `${year}Q${q - 1}`;
}

/** Table columns the penalties, reports and conduct-history tables share, by the field they show. */
export const cols = {
  /** Case ids as links. */
  cases: (title: string, dataIndex = 'caseIds') => ({
    title,
    dataIndex,
    render: (ids: string[]) => <CaseLinks ids={ids} />,
  }),
  /** A moment in Asia/Shanghai. */
  at: (title: string, dataIndex: string) => ({
    title,
    dataIndex,
    render: (at: string | null) => fmtDateTime(at),
  }),
  /** A text that may be missing. */
  text: (title: string, dataIndex: string) => ({
    title,
    dataIndex,
    render: (s: string | null) => s ?? '—',
  }),
  /** A code shown by its label (label(prefix, code)). */
  coded: (title: string, dataIndex: string, show: (code: string) => string) => ({
    title,
    dataIndex,
    render: show,
  }),
};

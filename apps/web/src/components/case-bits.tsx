import { Space, Tag, Tooltip, Typography } from 'antd';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, ok } from '../api/client';
import type { CalendarYear, CaseState, CaseView } from '../api/views';
import { useI18n } from '../i18n';
import { fmtDateTime, overridesOf, sh, workingTimeLeft, type Overrides } from '../time';

const STATE_COLOR: Record<CaseState, string> = {
  OPEN: 'default',
  DISTRIBUTED: 'blue',
  INVESTIGATING: 'processing',
  PENDING_APPROVAL: 'gold',
  CLOSED: 'green',
};

export function StateTag({ state }: { state: CaseState | null | undefined }) {
  const { label } = useI18n();
  if (!state) return <>—</>;
  return <Tag color={STATE_COLOR[state]}>{label('state', state)}</Tag>;
}

export function CaseFlags({ c }: { c: CaseView }) {
  const { t } = useI18n();
  const overdue = c.state !== 'CLOSED' && c.dueAt !== null && Date.parse(c.dueAt) < Date.now();
  return (
    <Space size={4} wrap>
      {c.escalated && <Tag color="red">{t('flag.escalated')}</Tag>}
      {overdue && <Tag color="volcano">{t('flag.overdue')}</Tag>}
      {c.urgent && <Tag color="orange">{t('flag.urgent')}</Tag>}
      {c.coolingOffBreached && <Tag color="magenta">{t('flag.breached')}</Tag>}
      {c.assistRequested && <Tag color="cyan">{t('flag.assist')}</Tag>}
    </Space>
  );
}

/** The working calendar (this year and the next), fetched once, for "time left in working days". */
const CalendarCtx = createContext<Overrides | null>(null);

export function WorkingCalendarProvider({ children }: { children: ReactNode }) {
  const [overrides, setOverrides] = useState<Overrides | null>(null);
  useEffect(() => {
    const year = sh(new Date()).year();
    // A failure leaves the weekend rule alone (shown the same way); deadlines still show their dates.
    void Promise.all(
      [year, year + 1].map((y) =>
        ok<CalendarYear>(api.GET('/api/calendar/{year}', { params: { path: { year: y } } })).catch(() => null),
      ),
    ).then((years) => setOverrides(overridesOf(years.filter((y): y is CalendarYear => y !== null))));
  }, []);
  return <CalendarCtx.Provider value={overrides}>{children}</CalendarCtx.Provider>;
}

export function TimeLeft({ due }: { due: string | null | undefined }) {
  const { t } = useI18n();
  const overrides = useContext(CalendarCtx) ?? new Map();
  if (!due) return <>—</>;
  const left = workingTimeLeft(due, overrides);
  return left.overdue ? (
    <Typography.Text type="danger">{t('deadline.overdue', { days: left.days, hours: left.hours })}</Typography.Text>
  ) : (
    <Typography.Text type={left.days === 0 ? 'warning' : undefined}>
      {t('deadline.left', { days: left.days, hours: left.hours })}
    </Typography.Text>
  );
}

/** A deadline: its date and time in Asia/Shanghai, and the working time left. */
export function Deadline({ due }: { due: string | null | undefined }) {
  if (!due) return <>—</>;
  return (
    <Space orientation="vertical" size={0}>
      <Tooltip title="Asia/Shanghai">
        <time dateTime={due}>{fmtDateTime(due)}</time>
      </Tooltip>
      <TimeLeft due={due} />
    </Space>
  );
}

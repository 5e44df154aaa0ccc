import { Tag } from 'antd';
import { useI18n } from '../i18n';

const COLOR = { confidential: 'orange', top_secret: 'red' } as const;

/** 机密 / 绝密 beside a record; nothing for a normal one. */
export function ConfidentialityTag({ level }: { level: 'normal' | 'confidential' | 'top_secret' }) {
  const { t } = useI18n();
  if (level === 'normal') return null;
  return <Tag color={COLOR[level]}>{t(`access.level.${level}`)}</Tag>;
}

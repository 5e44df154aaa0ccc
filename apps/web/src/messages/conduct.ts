/** The console's words for complaints (投诉), re-check campaigns (复核) and the re-check tasks in 我的任务: zh-CN first, English as the switch. */
export const zh = {
  'menu.complaints': '投诉',
  'menu.campaigns': '复核',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'menu.complaints': 'Complaints',
  'menu.campaigns': 'Re-checks',
};

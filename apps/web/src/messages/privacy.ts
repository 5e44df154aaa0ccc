/** The console's words for customer inquiries (客户查询), access requests (调阅申请), loans (借阅) and the audit trail (审计). */
export const zh = {
  'menu.inquiry': '客户查询',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'menu.inquiry': 'Customer inquiry',
};

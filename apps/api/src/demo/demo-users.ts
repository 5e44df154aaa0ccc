import type { Role } from '../auth/principal';

/**
 * The demo branch's people, one place for both the local sign-in page (GET /api/auth/local/users) and the demo
 * seed (their staff entries): a username is the token's subject and the staff directory's user id.
 */
export interface DemoUser {
  username: string;
  role: Role;
  /** What the sign-in page shows: the role in Chinese, then the person's name. */
  displayName: string;
  branches: string[];
  channels: string[];
}

export const DEMO_BRANCH = 'GZ01';

/** Chinese labels of the roles, as the console's users call them. */
export const ROLE_LABELS_ZH: Record<Role, string> = {
  intake: '投保录入',
  back_office: '渠道内勤',
  team_leader: '业务团队负责人',
  customer_service: '客户服务',
  compliance: '分公司合规',
  channel_manager: '渠道管理',
  general_office: '综合办公室',
  auditor: '审计',
  admin: '系统管理员',
};

const user = (username: string, role: Role, name: string, branches: string[], channels: string[]): DemoUser => ({
  username,
  role,
  displayName: `${ROLE_LABELS_ZH[role]} ${name}`,
  branches,
  channels,
});

export const DEMO_USERS: readonly DemoUser[] = [
  user('zhangwei', 'back_office', '张伟', [DEMO_BRANCH], ['agency']),
  user('lina', 'back_office', '李娜', [DEMO_BRANCH], ['bancassurance']),
  user('wangfang', 'team_leader', '王芳', [DEMO_BRANCH], ['agency']),
  user('liuyang', 'customer_service', '刘洋', [DEMO_BRANCH], ['*']),
  user('chenjing', 'compliance', '陈静', [DEMO_BRANCH], ['*']),
  user('yangmin', 'channel_manager', '杨敏', [DEMO_BRANCH], ['*']),
  user('huangxiuying', 'general_office', '黄秀英', [DEMO_BRANCH], ['*']),
  user('zhoujie', 'auditor', '周杰', ['*'], ['*']),
  user('admin', 'admin', '吴刚', ['*'], ['*']),
  user('zhengmin', 'intake', '郑敏', [DEMO_BRANCH], ['*']),
];

export function demoUser(username: string): DemoUser | undefined {
  return DEMO_USERS.find((u) => u.username === username);
}

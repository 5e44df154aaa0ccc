// Prints a bearer token signed with the local secret, for trying the API by hand:
//   npm run token -- --role intake --branch GZ01 --channel agency --user alice [--hours 2]
// The token lives AUTH_MAX_TOKEN_AGE (default 12h) unless --hours asks for less; the API refuses longer lives.
import jwt from 'jsonwebtoken';
import { parseArgs } from 'node:util';
import { localJwtSecret } from './lib/local-secrets.mjs';

const ROLES = [
  'intake',
  'back_office',
  'team_leader',
  'customer_service',
  'compliance',
  'channel_manager',
  'general_office',
  'auditor',
  'admin',
];
const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    branch: { type: 'string', multiple: true },
    channel: { type: 'string', multiple: true },
    user: { type: 'string' },
    hours: { type: 'string' },
  },
});
if (!values.role || !ROLES.includes(values.role)) {
  console.error(`--role is required, one of: ${ROLES.join(', ')}`);
  process.exit(2);
}
const secret = process.env.AUTH_JWT_SECRET || localJwtSecret();
// jsonwebtoken reads a digits-only string as milliseconds; AUTH_MAX_TOKEN_AGE means seconds there.
const maxAge = (process.env.AUTH_MAX_TOKEN_AGE || '12h').trim();
const lifetime = values.hours ? Number(values.hours) * 3600 : /^\d+$/.test(maxAge) ? Number(maxAge) : maxAge;
const token = jwt.sign(
  { role: values.role, branches: values.branch ?? ['*'], channels: values.channel ?? ['*'] },
  secret,
  { subject: values.user ?? `${values.role}-user`, expiresIn: lifetime, algorithm: 'HS256' },
);
console.log(token);

import { DETECTION_RULES } from '../../contracts/src/detection.contract';
import { analyseAfter, CLUSTER_WORK_TABLES, clusterQuery } from './cluster-queries';
import { FINDING_RULE_LABELS_ZH } from './finding-list-export';

describe('clusterQuery', () => {
  const strict = { samePolicyPhone: true };
  const lenient = { samePolicyPhone: false };

  it('has statements and a Chinese label for every rule, full and incremental', () => {
    for (const rule of DETECTION_RULES) {
      expect(clusterQuery(rule, false, lenient).join('\n')).toMatch(/INSERT INTO detected/);
      // Incremental statements are bounded by the watermark; full ones take no parameter.
      expect(clusterQuery(rule, true, lenient).join('\n')).toContain('$1');
      expect(clusterQuery(rule, false, lenient).join('\n')).not.toContain('$1');
      expect(FINDING_RULE_LABELS_ZH[rule]).toMatch(/\p{Script=Han}/u);
    }
  });

  it('asks SHARED_PHONE for two policies unless DETECTION_SAME_POLICY_PHONE is on', () => {
    expect(clusterQuery('SHARED_PHONE', false, lenient).join('\n')).toContain('count(DISTINCT cp.policy_id) > 1');
    expect(clusterQuery('SHARED_PHONE', false, strict).join('\n')).not.toContain('count(DISTINCT cp.policy_id)');
  });

  it('fills only the work tables it creates, and analyses a candidates table before the next statement reads it', () => {
    const created = CLUSTER_WORK_TABLES.map((sql) => /CREATE TEMP TABLE (\w+)/.exec(sql)![1]);
    for (const rule of DETECTION_RULES)
      for (const incremental of [false, true]) {
        const statements = clusterQuery(rule, incremental, lenient);
        for (const statement of statements) {
          const filled = /INSERT INTO (\w+)/.exec(statement)![1];
          expect(created).toContain(filled);
          expect(analyseAfter(statement)).toBe(filled === 'detected' ? null : `ANALYZE ${filled}`);
        }
        // The last statement fills detected; any before it fill candidates that it reads.
        expect(/INSERT INTO (\w+)/.exec(statements[statements.length - 1])![1]).toBe('detected');
      }
  });

  it('narrows ID_CONFLICT to customers whose party rows differ before normalising names', () => {
    const [candidates, detail] = clusterQuery('ID_CONFLICT', false, lenient);
    expect(candidates).toMatch(/^INSERT INTO candidate_customers/);
    expect(candidates).not.toContain('normalize(');
    expect(detail).toContain('FROM candidate_customers c');
    expect(detail).toContain('normalize(');
  });
});

import { DETECTION_RULES } from '../../contracts/src/detection.contract';
import { clusterQuery } from './cluster-queries';
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
});

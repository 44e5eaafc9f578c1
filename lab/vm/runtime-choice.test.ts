import { describe, expect, it } from 'vitest';
import { chooseRuntime } from './runtime-choice.js';

describe('where a lab runs', () => {
  const lacking = ['VRF', '802.1Q', 'bonding', 'vlan-filtering bridge'];
  it('on this kernel when it has everything, unless --vm', () => {
    expect(chooseRuntime({ flag: undefined, missingFeatures: [], vmMissing: [] })).toEqual({ runtime: 'host' });
    expect(chooseRuntime({ flag: true, missingFeatures: [], vmMissing: [] }).runtime).toBe('vm');
  });
  it('in the VM when this kernel lacks something and the VM can boot', () => {
    expect(chooseRuntime({ flag: undefined, missingFeatures: lacking, vmMissing: [] })).toEqual({
      runtime: 'vm',
      note: 'this kernel has no VRF, 802.1Q, bonding or vlan-filtering bridge devices: running the lab in a VM with a kernel that has them (--no-vm runs it here, with fallbacks)',
    });
  });
  it('here, with fallbacks, when the VM cannot boot, saying why; --no-vm always here', () => {
    const choice = chooseRuntime({ flag: undefined, missingFeatures: ['VRF'], vmMissing: ['qemu-system-x86_64 (apt-get install …)'] });
    expect(choice).toEqual({ runtime: 'host', note: 'this kernel has no VRF devices, and no VM can boot here (qemu-system-x86_64 (apt-get install …)): running the lab on this kernel with fallbacks' });
    expect(chooseRuntime({ flag: false, missingFeatures: lacking, vmMissing: [] })).toEqual({ runtime: 'host' });
  });
  it('refuses --vm when the VM cannot boot', () => {
    expect(chooseRuntime({ flag: true, missingFeatures: [], vmMissing: ['a', 'b'] })).toEqual({ runtime: 'unavailable', missing: 'a; b' });
  });
});

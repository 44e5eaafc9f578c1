import { describe, expect, it } from 'vitest';
import { hasModule, moduleLoadOrder, moduleName, parseModuleIndex } from './kernel-modules.js';

// Lines of Debian 6.1's modules.dep and modules.builtin.
const dep = `kernel/fs/9p/9p.ko: kernel/net/9p/9pnet.ko kernel/fs/fscache/fscache.ko kernel/fs/netfs/netfs.ko
kernel/net/9p/9pnet.ko:
kernel/net/9p/9pnet_virtio.ko: kernel/net/9p/9pnet.ko kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko
kernel/drivers/virtio/virtio.ko: kernel/drivers/virtio/virtio_ring.ko
kernel/drivers/virtio/virtio_ring.ko:
kernel/drivers/virtio/virtio_pci.ko: kernel/drivers/virtio/virtio_pci_legacy_dev.ko kernel/drivers/virtio/virtio_pci_modern_dev.ko kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko
kernel/drivers/virtio/virtio_pci_legacy_dev.ko:
kernel/drivers/virtio/virtio_pci_modern_dev.ko:
kernel/fs/fscache/fscache.ko: kernel/fs/netfs/netfs.ko
kernel/fs/netfs/netfs.ko:
kernel/fs/overlayfs/overlay.ko:
kernel/net/8021q/8021q.ko.xz: kernel/net/802/garp.ko.xz
kernel/net/802/garp.ko.xz:
`;
const builtin = 'kernel/net/unix/unix.ko\nkernel/lib/crc-t10dif.ko\n';

describe('kernel modules', () => {
  const index = parseModuleIndex(dep, builtin);

  it('names modules as modprobe does', () => {
    expect(moduleName('kernel/net/9p/9pnet_virtio.ko')).toBe('9pnet_virtio');
    expect(moduleName('kernel/net/8021q/8021q.ko.xz')).toBe('8021q');
    expect(moduleName('kernel/lib/crc-t10dif.ko')).toBe('crc_t10dif');
  });

  it('loads dependencies first, each once, in the order wanted', () => {
    expect(moduleLoadOrder(index, ['virtio_pci', '9pnet_virtio', '9p', 'overlay'])).toEqual([
      'virtio_pci_legacy_dev',
      'virtio_pci_modern_dev',
      'virtio_ring',
      'virtio',
      'virtio_pci',
      '9pnet',
      '9pnet_virtio',
      'netfs',
      'fscache',
      '9p',
      'overlay',
    ]);
  });

  it('every dependency comes before the module that needs it', () => {
    const order = moduleLoadOrder(index, ['9p', '9pnet_virtio', 'virtio_pci']);
    for (const [name, deps] of index.deps) {
      if (!order.includes(name)) continue;
      for (const d of deps) expect(order.indexOf(d), `${d} before ${name}`).toBeLessThan(order.indexOf(name));
    }
  });

  it('skips built-in modules, and names one the kernel lacks', () => {
    expect(moduleLoadOrder(index, ['unix', 'overlay'])).toEqual(['overlay']);
    expect(hasModule(index, 'crc-t10dif')).toBe(true);
    expect(hasModule(index, 'vrf')).toBe(false);
    expect(() => moduleLoadOrder(index, ['vrf'])).toThrow("the kernel has no module 'vrf'");
  });
});

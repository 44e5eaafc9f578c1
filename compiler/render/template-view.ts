/**
 * What the templates see: the device model, plus `interfaces.physical`, the device's physical ports
 * (fabric links and server ports together) in natural order — `Ethernet1`, `Ethernet2`, …,
 * `Ethernet49` — the order in which a switch lists them in its own running configuration.
 *
 * Why a view here and not a field of the device model: the model groups interfaces by kind, each
 * list already sorted naturally by name in build/interfaces.ts, and that is all there is to know
 * about them; interleaving two of those lists is how a configuration file prints them, not a fact
 * about the device. As a model field it would be a second copy of every fabric and server
 * interface in model.json (a few percent more output on a thousand-leaf fabric, and each changed
 * port reported twice by `clos diff`), and the templates would then print a list the verifier
 * never reads, where today they print exactly the lists it checks. The view only refers to the
 * model's own interface objects: it adds no value the model does not hold, and copies nothing.
 *
 * Cost: one comparison per port (a merge of two sorted lists, no sort) and one small object per
 * port, once per device for all its templates. The model is not changed: the view is a new object
 * over it, as the model's shared parts are frozen (build/context.ts). Every property is the view's
 * own, as both template runtimes read own properties only (fast-templates.ts, Handlebars's
 * prototype-access rules).
 */
import type { DeviceInterfaces, DeviceModel, FabricInterface, ServerInterface } from '../build/device-model.js';
import { compareNatural } from '../shared/natural-order.js';

/**
 * One physical port: exactly one of `fabric` and `server` is set, the other is null, so a template
 * prints the right stanza with `{{#with fabric}}…{{/with}}{{#with server}}…{{/with}}`.
 */
export interface PhysicalPort {
  readonly fabric: FabricInterface | null;
  readonly server: ServerInterface | null;
}

export interface TemplateInterfaces extends DeviceInterfaces {
  /** `fabric` and `servers` merged in natural order of their names. */
  readonly physical: readonly PhysicalPort[];
}

export interface TemplateView extends Omit<DeviceModel, 'interfaces'> {
  readonly interfaces: TemplateInterfaces;
}

/** The view of one device the templates render. */
export function createTemplateView(device: DeviceModel): TemplateView {
  const { fabric, servers } = device.interfaces;
  return { ...device, interfaces: { ...device.interfaces, physical: mergePhysicalPorts(fabric, servers) } };
}

/**
 * Both lists are sorted by compareNatural of their names (build/interfaces.ts), so merging them
 * keeps that order. A port in both lists (an intent error: resolve rejects it, the verifier
 * reports it) would appear twice, fabric first.
 */
export function mergePhysicalPorts(fabric: readonly FabricInterface[], servers: readonly ServerInterface[]): PhysicalPort[] {
  const ports: PhysicalPort[] = [];
  let f = 0;
  let s = 0;
  for (;;) {
    const link = fabric[f];
    const server = servers[s];
    if (link !== undefined && (server === undefined || compareNatural(link.name, server.name) <= 0)) {
      ports.push({ fabric: link, server: null });
      f++;
    } else if (server !== undefined) {
      ports.push({ fabric: null, server });
      s++;
    } else {
      return ports;
    }
  }
}

import { dump, load } from 'js-yaml';

/**
 * A community `factor` times the size of a real one, with its density: every group of `text` (a
 * sigs.yaml) repeated, the copies renamed (`sig-node` → `sig-node-2`…). Used by the benchmark, so that
 * large communities have real mission statements, leaderships, subprojects and schedule text.
 */
export function scaledCommunity(text: string, factor: number): string {
  const source = load(text) as Record<string, unknown>;
  const scaled: Record<string, unknown> = {};
  for (const [section, groups] of Object.entries(source)) {
    if (!Array.isArray(groups)) {
      scaled[section] = groups;
      continue;
    }
    scaled[section] = Array.from({ length: factor }, (_, copy) =>
      groups.map((group: Record<string, unknown>) =>
        copy === 0 ? group : { ...group, dir: `${group.dir}-${copy + 1}`, name: `${group.name} ${copy + 1}` },
      ),
    ).flat();
  }
  return dump(scaled, { lineWidth: -1 });
}

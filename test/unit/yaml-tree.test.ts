import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseYamlTree, type YamlScalar } from '../../functions/core/yaml-tree.ts';

/*
 * Plain scalars resolve as the YAML 1.2 core schema says (10.3.2, "Tag Resolution"). The oracle is the
 * spec's table written out here, one regular expression per row, shared with nothing in sigcal.
 */
function coreSchema(raw: string): string | number | boolean | null {
  if (/^(?:null|Null|NULL|~)?$/.test(raw)) return null;
  if (/^(?:true|True|TRUE)$/.test(raw)) return true;
  if (/^(?:false|False|FALSE)$/.test(raw)) return false;
  if (/^[-+]?[0-9]+$/.test(raw)) return Number.parseInt(raw, 10);
  if (/^0o[0-7]+$/.test(raw)) return Number.parseInt(raw.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(raw)) return Number.parseInt(raw.slice(2), 16);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/.test(raw)) return Number.parseFloat(raw);
  if (/^[-+]?\.(?:inf|Inf|INF)$/.test(raw)) return raw.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(?:nan|NaN|NAN)$/.test(raw)) return Number.NaN;
  return raw;
}

/** The value of `v:` in a one-entry mapping. */
function plainValue(raw: string): YamlScalar {
  const root = parseYamlTree(`v: ${raw}\n`, 'test.yaml');
  if (root.kind !== 'map') throw new Error('not a mapping');
  const value = root.entries[0]?.value;
  if (value?.kind !== 'scalar') throw new Error('not a scalar');
  return value;
}

describe('plain scalars (YAML 1.2 core schema)', () => {
  it.each([
    ['', null],
    ['~', null],
    ['null', null],
    ['NULL', null],
    ['nULL', 'nULL'],
    ['true', true],
    ['True', true],
    ['tRUE', 'tRUE'],
    ['false', false],
    ['FALSE', false],
    ['0900', 900],
    ['+12', 12],
    ['-7', -7],
    ['0o17', 15],
    ['0x1F', 31],
    ['0x', '0x'],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['-1e3', -1000],
    ['.inf', Infinity],
    ['-.Inf', -Infinity],
    ['.NaN', Number.NaN],
    ['no', 'no'],
    ['yes', 'yes'],
    ['Tuesday', 'Tuesday'],
    ['18:30', '18:30'],
    ['2027-01-12', '2027-01-12'],
    ['https://zoom.us/j/1', 'https://zoom.us/j/1'],
  ])('%j is %j', (raw, expected) => {
    const scalar = plainValue(raw);
    expect(scalar.value).toEqual(expected);
    expect(scalar.text).toBe(raw);
  });

  it('resolves every plain scalar as the spec’s table does', () => {
    // Characters that make up the table's forms, and some that start ordinary text.
    const char = fc.constantFrom(...'~nNulLtTrRuUeEfFaAsS+-.0123456789oxXbBcdDiIeE_ :/'.split(''));
    const raw = fc
      .array(char, { maxLength: 8 })
      .map((cs) => cs.join('').trim())
      // Only what YAML reads back as this one plain scalar: no indicators, comments or key separators.
      .filter((s) => !/^[-?:](?:\s|$)|:(?:\s|$)|\s#/.test(s));
    fc.assert(
      fc.property(raw, (text) => {
        const scalar = plainValue(text);
        expect(scalar.text).toBe(text);
        expect(scalar.value).toEqual(coreSchema(text));
      }),
      { numRuns: 3000 },
    );
  });
});

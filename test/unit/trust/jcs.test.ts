import { describe, expect, it } from 'vitest';
import { diffDefinitions } from '../../../main/trust/definition';
import { canonicalize, CanonicalizationError, MAX_DEPTH, prettyCanonical } from '../../../main/trust/jcs';

/** An IEEE 754 double from its 16 hex digits, as RFC 8785 Appendix B lists them. */
function double(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

describe('RFC 8785 canonical JSON', () => {
  it('writes the RFC 3.2.2 example exactly', () => {
    // The input as the RFC writes it, whitespace, escapes and number spellings included.
    const input = String.raw`{
      "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      "literals": [null, true, false]
    }`;
    expect(canonicalize(JSON.parse(input))).toBe(
      String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`,
    );
  });

  it('sorts keys by UTF-16 code units (the RFC 3.2.3 example)', () => {
    const input = String.raw`{
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis"
    }`;
    // U+1F600 is the surrogate pair D83D DE00, which sorts before U+FB33 by code unit. (Read back
    // with JSON.parse, "1" would move first: JavaScript lists integer-like keys first.)
    expect(canonicalize(JSON.parse(input))).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis",' +
        '"€":"Euro Sign","😀":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  // RFC 8785 Appendix B: IEEE 754 doubles and their canonical text.
  const numbers: [string, string][] = [
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ];
  it.each(numbers)('writes the double %s as %s', (hex, text) => {
    expect(canonicalize(double(hex))).toBe(text);
  });

  it('refuses NaN and the infinities (RFC 8785 Appendix B lists them as errors)', () => {
    for (const hex of ['7fffffffffffffff', '7ff0000000000000', 'fff0000000000000']) {
      expect(() => canonicalize({ n: double(hex) })).toThrow(CanonicalizationError);
    }
  });

  it('ignores key order and whitespace at every depth, and keeps array order', () => {
    const a = JSON.parse('{"b":1,"a":{"y":[3,{"q":1,"p":2}],"x":null}}');
    const b = JSON.parse('{ "a" : { "x" : null , "y" : [ 3 , { "p" : 2 , "q" : 1 } ] } , "b" : 1.0 }');
    expect(canonicalize(a)).toBe(canonicalize(b));
    expect(canonicalize(a)).toBe('{"a":{"x":null,"y":[3,{"p":2,"q":1}]},"b":1}');
    expect(canonicalize([2, 1])).not.toBe(canonicalize([1, 2]));
  });

  it('writes a lone surrogate as its escape, so hostile text still has one canonical form', () => {
    expect(canonicalize('a\ud800b')).toBe('"a\\ud800b"');
    expect(canonicalize('a\ud800b')).not.toBe(canonicalize('ab'));
  });

  it('refuses a value nested past the depth limit instead of overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < MAX_DEPTH + 1; i++) deep = [deep];
    expect(() => canonicalize(deep)).toThrow(/deeper than/);
  });
});

describe('the indented canonical form', () => {
  it('is the canonical form with only whitespace added', () => {
    const value = JSON.parse('{"b":[1,{"d":"x","c":[]}],"a":{}}');
    const pretty = prettyCanonical(value);
    expect(pretty).toBe(
      '{\n  "a": {},\n  "b": [\n    1,\n    {\n      "c": [],\n      "d": "x"\n    }\n  ]\n}',
    );
    expect(canonicalize(JSON.parse(pretty))).toBe(canonicalize(value));
  });
});

describe('differences between definitions', () => {
  it('names each changed leaf by path, and whole branches added or removed', () => {
    const before = {
      name: 'x',
      args: ['a', 'b'],
      schema: { properties: { p: { type: 'string' } } },
      gone: 1,
    };
    const after = {
      name: 'x',
      args: ['a', 'c', 'd'],
      schema: { properties: { p: { type: 'number' }, q: {} } },
    };
    expect(diffDefinitions(before, after)).toEqual([
      { path: 'args[1]', before: '"b"', after: '"c"' },
      { path: 'args[2]', after: '"d"' },
      { path: 'gone', before: '1' },
      { path: 'schema.properties.p.type', before: '"string"', after: '"number"' },
      { path: 'schema.properties.q', after: '{}' },
    ]);
    expect(diffDefinitions({ b: 1, a: [1] }, { a: [1], b: 1 })).toEqual([]);
    expect(diffDefinitions({ a: [1] }, { a: { 0: 1 } })).toEqual([
      { path: 'a', before: '[1]', after: '{"0":1}' },
    ]);
  });
});

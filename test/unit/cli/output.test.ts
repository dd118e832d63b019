import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../../main/cli/display-width';
import { csv, escapeJsonText, jsonCell, jsonText, shown, table } from '../../../main/cli/output';

/** What a terminal would act on or hide: controls, bidi and invisible characters. */
const RAW = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

function parseCsv(text: string): string[][] {
  const rows: string[][] = [[]];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    rows.at(-1)!.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      endCell();
    } else if (!quoted && c === '\n') {
      endCell();
      rows.push([]);
    } else {
      cell += c;
    }
  }
  endCell();
  return rows;
}

describe('table', () => {
  it('keeps a forged row inside its own cell', () => {
    const out = table(
      ['client', 'tool', 'decision'],
      [['cursor', 'echo\ncursor    delete_file  allow', 'deny']],
    );
    const lines = out.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('cursor  echo\\ncursor    delete_file  allow  deny');
  });

  it('prints no control, bidi or invisible character, whatever the cells hold', () => {
    const out = table(
      ['name', 'why'],
      [
        ['\x1b[2J\x1b]8;;https://evil\x07x\x1b]8;;\x07', 'good\rbad'],
        ['invoice\u202Etxt.exe', 'rea\u200Bd_file\t\u2028'],
      ],
    );
    for (const line of out.split('\n')) expect(line).not.toMatch(RAW);
    expect(out).toContain('\\x1b[2J');
    expect(out).toContain('good\\rbad');
    expect(out).toContain('invoice\\u{202E}txt.exe');
    expect(out).toContain('rea\\u{200B}d_file\\t\\u{2028}');
  });

  it('lines up columns by display width, with wide characters and combining marks', () => {
    const out = table(
      ['tool', 'risk'],
      [
        ['日本語', 'High'],
        ['read', 'Low'],
        ['café', 'Low'], // e + combining acute: one column
        ['👍 ok', 'Low'],
      ],
    );
    const column = out.split('\n').map((line) => displayWidth(line.slice(0, line.lastIndexOf('  ') + 2)));
    expect(new Set(column).size).toBe(1);
  });
});

describe('displayWidth', () => {
  it('counts wide characters twice and marks not at all', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('日本')).toBe(4);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('👍')).toBe(2);
    expect(displayWidth('❤\uFE0F')).toBe(1);
  });
});

describe('jsonCell', () => {
  it('shows JSON text with its own escapes, hidden characters as \\uXXXX, cut between escapes', () => {
    const args = JSON.stringify({ path: 'C:\\x\n\u202Eexe.txt' });
    expect(jsonCell(args, 80).text).toBe('{"path":"C:\\\\x\\n\\u202eexe.txt"}');
    expect(jsonCell(`{"a":"${'x'.repeat(4)}\u202E"}`, 12).text).toBe('{"a":"xxxx…');
    expect(jsonCell('{"a":\n1}', 80).text).toBe('{"a":\\u000a1}');
  });

  it('goes into a table as it is, not escaped a second time', () => {
    const out = table(['args'], [[jsonCell('{"a":"\u202E"}', 60)]]);
    expect(out.split('\n')[2]).toBe('{"a":"\\u202e"}');
  });
});

describe('shown', () => {
  it('escapes what is interpolated and nothing else', () => {
    expect(shown`skipped ${'fs\n  fake line'}: ${'a\x1b[31mred'}\n`).toBe(
      'skipped fs\\n  fake line: a\\x1b[31mred\n',
    );
  });
});

describe('csv', () => {
  it('guards cells a spreadsheet would run as a formula', () => {
    const text = csv(
      ['tool', 'error'],
      [
        ['=HYPERLINK("https://evil.example","click")', '+1+1'],
        ['-2+3', '@SUM(A1:A2)'],
        ['\tstarts with a tab', '\r=cmd'],
        ['＝full-width', 'safe = not at the start'],
      ],
    );
    const rows = parseCsv(text);
    expect(rows[1]).toEqual(['\'=HYPERLINK("https://evil.example","click")', "'+1+1"]);
    expect(rows[2]).toEqual(["'-2+3", "'@SUM(A1:A2)"]);
    // Tab and CR are shown as escapes, so the cell no longer starts with one.
    expect(rows[3]).toEqual(['\\tstarts with a tab', '\\r=cmd']);
    expect(rows[4]).toEqual(["'＝full-width", 'safe = not at the start']);
  });

  it('quotes commas and quotes, keeps one record per line, and leaves numbers as numbers', () => {
    const text = csv(['id', 'detail', 'latency'], [[7, 'a, "b"\nc', -1.5]]);
    expect(text.split('\n')).toHaveLength(2);
    expect(parseCsv(text)[1]).toEqual(['7', 'a, "b"\\nc', '-1.5']);
    for (const line of text.split('\n')) expect(line).not.toMatch(RAW);
  });
});

describe('jsonText', () => {
  it('is JSON that parses to the same value, with nothing hidden left raw', () => {
    const value = {
      tool: 'invoice\u202Etxt.exe',
      error: '\x1b[2J\u009b31m rea\u200Bd \u{E0041}\uD800',
      ok: '日本 ❤\uFE0F',
    };
    for (const indent of [undefined, 2]) {
      const text = jsonText(value, indent);
      expect(JSON.parse(text)).toEqual(value);
      expect(text.replaceAll('\n', '')).not.toMatch(RAW);
      expect(text).toContain('invoice\\u202etxt.exe');
      expect(text).toContain('\\udb40\\udc41');
    }
  });

  it('keeps a document valid, and turns a carriage return inside a line into a line break', () => {
    const document = '{"a":1,\r"tools":{"x\u202Ey":{}},\r\n"s":"\\u000d"}';
    const text = escapeJsonText(document);
    expect(JSON.parse(text)).toEqual(JSON.parse(document));
    expect(text).toBe('{"a":1,\n"tools":{"x\\u202ey":{}},\r\n"s":"\\u000d"}');
  });
});

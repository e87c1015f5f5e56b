// The XML checker the report specs rely on must itself reject malformed markup, or their well-formedness checks prove nothing.

import { describe, expect, it } from 'vitest';
import { byClass, parseXml, textOf, tooltipOf } from './_xml.js';

describe('parseXml (the specs’ well-formedness checker)', () => {
  it.each([
    ['a tag closed by another', '<a><b></a>'],
    ['an unclosed element', '<a><b></b>'],
    ['a bare ampersand', '<a>fish & chips</a>'],
    ['an unknown entity', '<a>&nbsp;</a>'],
    ['a raw "<" in an attribute', '<a title="1 < 2"></a>'],
    ['an unquoted attribute', '<a title=x></a>'],
    ['a duplicate attribute', '<a x="1" x="2"></a>'],
    ['two roots', '<a></a><b></b>'],
    ['a control character', '<a>\u001b[31mred</a>'],
  ])('rejects %s', (_, source) => {
    expect(() => parseXml(source)).toThrow();
  });

  it('reads elements, attributes, entities and tooltips', () => {
    const root = parseXml(
      '<?xml version="1.0"?><svg><g class="x y"><title>a &lt;b&gt; &amp; &quot;c&quot;</title><path d="M0 0"/></g></svg>',
    );
    const [group] = byClass(root, 'y');
    expect(group?.name).toBe('g');
    expect(tooltipOf(group!)).toBe('a <b> & "c"');
    expect(textOf(root)).toBe('a <b> & "c"');
  });
});

// A tiny, strict XML reader for the report specs: it throws on any malformed markup and gives a tree to query.

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
}

export type XmlNode = XmlElement | string;

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters XML 1.0 forbids are what it looks for.
const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
const namePattern = /^[A-Za-z_:][\w.:-]*$/;

/** Decodes the entities of a text or attribute value; throws on a bare `&` or an unknown entity. */
function decode(raw: string, where: number): string {
  if (raw.includes('<')) throw new Error(`raw "<" in text or attribute near offset ${where}`);
  if (forbidden.test(raw)) throw new Error(`control character not allowed in XML near offset ${where}`);
  return raw.replace(/&([^;\s&]*);?/g, (match, name: string) => {
    if (!match.endsWith(';'))
      throw new Error(`unescaped "&" near offset ${where}: ${JSON.stringify(raw.slice(0, 40))}`);
    if (name.startsWith('#x')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    const value = entities[name];
    if (value === undefined) throw new Error(`unknown entity &${name}; near offset ${where}`);
    return value;
  });
}

/** Parses a document with one root element (an XML declaration, a doctype and comments are skipped). */
export function parseXml(source: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let index = 0;
  while (index < source.length) {
    const open = source.indexOf('<', index);
    const textEnd = open < 0 ? source.length : open;
    const rawText = source.slice(index, textEnd);
    if (rawText.length > 0) {
      const value = decode(rawText, index);
      const parent = stack.at(-1);
      if (parent) parent.children.push(value);
      else if (value.trim() !== '') throw new Error(`text outside the root element at offset ${index}`);
    }
    if (open < 0) break;
    if (source.startsWith('<!--', open)) {
      const end = source.indexOf('-->', open);
      if (end < 0) throw new Error(`unclosed comment at offset ${open}`);
      index = end + 3;
      continue;
    }
    if (source.startsWith('<?', open) || source.startsWith('<!', open)) {
      if (stack.length > 0 || root) throw new Error(`declaration inside the document at offset ${open}`);
      const end = source.indexOf('>', open);
      index = end + 1;
      continue;
    }
    const close = source.indexOf('>', open);
    if (close < 0) throw new Error(`unclosed tag at offset ${open}`);
    const tag = source.slice(open + 1, close);
    index = close + 1;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const top = stack.pop();
      if (!top || top.name !== name) throw new Error(`</${name}> closes <${top?.name ?? 'nothing'}> at offset ${open}`);
      if (stack.length === 0) root = top;
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const nameMatch = /^[^\s/>]+/.exec(body);
    if (!nameMatch || !namePattern.test(nameMatch[0]))
      throw new Error(`bad tag name at offset ${open}: ${JSON.stringify(tag.slice(0, 30))}`);
    const element: XmlElement = { name: nameMatch[0], attributes: {}, children: [] };
    let rest = body.slice(nameMatch[0].length);
    const attribute = /^\s+([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/;
    for (let match = attribute.exec(rest); match; match = attribute.exec(rest)) {
      const [whole, name, , double, single] = match;
      if (!namePattern.test(name!)) throw new Error(`bad attribute name ${name} at offset ${open}`);
      if (name! in element.attributes)
        throw new Error(`duplicate attribute ${name} on <${element.name}> at offset ${open}`);
      element.attributes[name!] = decode(double ?? single ?? '', open);
      rest = rest.slice(whole.length);
    }
    if (rest.trim() !== '')
      throw new Error(
        `malformed attributes on <${element.name}> at offset ${open}: ${JSON.stringify(rest.slice(0, 40))}`,
      );
    const parent = stack.at(-1);
    if (parent) parent.children.push(element);
    else if (root) throw new Error(`second root element <${element.name}> at offset ${open}`);
    if (selfClosing) {
      if (!parent) root = element;
    } else stack.push(element);
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.at(-1)!.name}> at the end`);
  if (!root) throw new Error('no root element');
  return root;
}

/** Every element below (and including) `root` that matches. */
export function findAll(root: XmlElement, matches: (element: XmlElement) => boolean): XmlElement[] {
  const found: XmlElement[] = [];
  const visit = (element: XmlElement): void => {
    if (matches(element)) found.push(element);
    for (const child of element.children) if (typeof child !== 'string') visit(child);
  };
  visit(root);
  return found;
}

/** Elements carrying a class. */
export function byClass(root: XmlElement, className: string): XmlElement[] {
  return findAll(root, (element) => (element.attributes.class ?? '').split(/\s+/).includes(className));
}

/** The text inside an element, all descendants joined. */
export function textOf(element: XmlElement): string {
  return element.children.map((child) => (typeof child === 'string' ? child : textOf(child))).join('');
}

/** The text of an element's `<title>` child (its tooltip), if it has one. */
export function tooltipOf(element: XmlElement): string | undefined {
  const title = element.children.find(
    (child): child is XmlElement => typeof child !== 'string' && child.name === 'title',
  );
  return title === undefined ? undefined : textOf(title);
}

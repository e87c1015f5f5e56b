// A small JSON Schema validator: the subset docs/result.schema.json uses (no JSON Schema library is installed).

/** The keywords understood; any other keyword in a schema is refused, so the schema cannot use one unchecked. */
const keywords = new Set([
  '$schema',
  '$id',
  '$defs',
  '$ref',
  'title',
  'description',
  'type',
  'const',
  'enum',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'anyOf',
  'minimum',
]);

type Schema = { [keyword: string]: unknown };

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/**
 * Every error of `value` against `schema` (`root` resolves `#/$defs/...` references), each as `<JSON pointer>: what`;
 * empty when it is valid. Throws on a keyword outside the subset.
 */
export function validate(value: unknown, schema: Schema, root: Schema = schema, at = ''): string[] {
  for (const keyword of Object.keys(schema))
    if (!keywords.has(keyword)) throw new Error(`${at || '/'}: keyword ${keyword} is not in the validator's subset`);
  if (typeof schema.$ref === 'string') {
    const name = /^#\/\$defs\/(.+)$/.exec(schema.$ref)?.[1];
    const target = name && (root.$defs as Record<string, Schema> | undefined)?.[name];
    if (!target) throw new Error(`${at}: cannot resolve ${schema.$ref}`);
    return validate(value, target, root, at);
  }
  const errors: string[] = [];
  const where = at || '/';
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    const actual = typeOf(value);
    if (!types.some((type) => type === actual || (type === 'number' && actual === 'integer')))
      return [`${where}: expected ${types.join(' or ')}, got ${actual}`];
  }
  if ('const' in schema && JSON.stringify(value) !== JSON.stringify(schema.const))
    errors.push(`${where}: expected ${JSON.stringify(schema.const)}, got ${JSON.stringify(value)}`);
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => JSON.stringify(option) === JSON.stringify(value)))
    errors.push(`${where}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if (typeof schema.minimum === 'number' && typeof value === 'number' && value < schema.minimum)
    errors.push(`${where}: ${value} is below the minimum ${schema.minimum}`);
  if (Array.isArray(schema.anyOf)) {
    const branches = (schema.anyOf as Schema[]).map((branch) => validate(value, branch, root, at));
    if (branches.every((branchErrors) => branchErrors.length > 0))
      errors.push(`${where}: matches none of anyOf (${branches.map((b) => b[0]).join('; ')})`);
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const name of (schema.required ?? []) as string[])
      if (!(name in object)) errors.push(`${where}: required property ${name} is missing`);
    for (const [name, property] of Object.entries(object)) {
      if (name in properties) errors.push(...validate(property, properties[name]!, root, `${at}/${name}`));
      else if (schema.additionalProperties === false) errors.push(`${where}: property ${name} is not in the schema`);
    }
  }
  if (Array.isArray(value) && schema.items !== undefined)
    for (const [index, item] of value.entries())
      errors.push(...validate(item, schema.items as Schema, root, `${at}/${index}`));
  return errors;
}

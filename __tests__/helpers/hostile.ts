// Inputs an attacker (or an SPF macro) puts in free-form config fields, shared by the escaping tests.

/** Terraform template syntax: interpolations, directives, escapes, and a `$` that ends a value. Quote-free ones too. */
export const TEMPLATE_TEXT = [
  '${path.cwd}',
  '${upper(join(",",keys(provider::terraform::decode_tfvars(file("/proc/self/environ")))))}',
  '${upper(path.module)}${substr(path.root,0,1)}',
  '%{ if true }yes%{ endif }',
  '$${already-escaped}',
  '%%{already-escaped}',
  '$$${three}',
  'trailing $',
  'a ${ b } c %{ d } e',
];

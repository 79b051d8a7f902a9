// Issue 9 item 1, end to end: real `terraform plan` of a stack whose config holds Terraform template syntax plans
// exactly the text the config holds. Before the escaping, `${path.cwd}` was planned as the working folder, and the SPF
// macro `%{i}` failed `terraform validate` ("Invalid template control keyword").
import { cleanupTerraformDirs, describeWithTerraform, initValidate, PlanJson, planJson } from '../helpers/terraform';
import { synthApp } from '../helpers/synth-app';
import { TEMPLATE_TEXT } from '../helpers/hostile';
import { CLEANUP_HOOK_TIMEOUT_MS } from '../helpers/timeouts';

const keepTxt = TEMPLATE_TEXT.filter((t) => !t.includes('"'));
const spf = 'v=spf1 include:spf.secutix.com exists:%{i}._spf.%{d} include:%{l}._u.tpl.example.org ~all';
const dmarc = 'v=DMARC1; p=none; rua=mailto:${path.cwd}@tpl.example.org,mailto:%{x}@tpl.example.org';

const CONFIG = {
  institutions: [
    {
      code: 'tpl',
      domain: 'tpl.example.org',
      provider: 'route53',
      zoneId: 'Z0TEMPLATE0000000001',
      spf: { mechanisms: ['exists:%{i}._spf.%{d}', 'include:%{l}._u.tpl.example.org'] },
      dmarc: { rua: ['mailto:${path.cwd}@tpl.example.org', 'mailto:%{x}@tpl.example.org'] },
      keepTxt,
    },
  ],
};

describeWithTerraform('terraform plans the config text, not template syntax in it', () => {
  let plan: PlanJson;
  beforeAll(async () => {
    const dir = synthApp(CONFIG).stacks.get('email-auth-tpl')!;
    const validation = await initValidate(dir);
    expect({ valid: validation.valid, diagnostics: validation.diagnostics }).toEqual({ valid: true, diagnostics: [] });
    plan = (await planJson(dir)).plan;
  }, 180_000);
  afterAll(cleanupTerraformDirs, CLEANUP_HOOK_TIMEOUT_MS);

  const planned = (name: string, type: string) =>
    (plan.planned_values.root_module.resources ?? []).find((r) => r.type === 'aws_route53_record' && r.values.name === name && r.values.type === type)?.values.records as string[];

  it('the apex TXT set: SPF with macros, and every keepTxt value as written (${…}, %{…}, $${…}, a trailing $)', () => {
    expect([...planned('tpl.example.org', 'TXT')].sort()).toEqual([...keepTxt, spf].sort());
  });

  it('the DMARC record with template syntax in the report addresses', () => {
    expect(planned('_dmarc.tpl.example.org', 'TXT')).toEqual([dmarc]);
  });

  it('nothing of the working folder or the environment reaches the plan', () => {
    const text = JSON.stringify(plan.planned_values);
    expect(text).not.toContain(process.cwd());
    expect(text).not.toMatch(/AWS_SECRET_ACCESS_KEY|offline-test-only/);
  });
});

import { looksRandom, type Detector } from './detector';

/**
 * Secrets recognisable by their own shape: a vendor's prefix and alphabet. Prefixes are what the
 * vendors document; lengths are kept generous (tokens grow) but bounded. `TOKEN:` marks a pattern
 * that starts where a token may start (see Detector.tokenStart); those are scanned together, in
 * this order, so a more specific one comes before a looser one with the same prefix.
 */
const shapes: [kind: string, source: string, accept?: Detector['accept']][] = [
  ['github-token', `TOKEN:gh[pousr]_[A-Za-z0-9]{30,255}`],
  ['github-fine-grained-token', `TOKEN:github_pat_[A-Za-z0-9_]{40,255}`],
  [
    'gitlab-token',
    `TOKEN:(?:gl(?:pat|oas|dt|rt|rtr|cbt|ptt|ft|imt|agent|soat|ffct)-[A-Za-z0-9_.-]{20,255}|GR1348941[A-Za-z0-9_-]{20,64})`,
  ],
  ['slack-token', `TOKEN:(?:xox(?:[abposr]|e\\.xox[bp]|e)|xapp)-[A-Za-z0-9-]{10,255}`],
  ['stripe-key', `TOKEN:(?:(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{20,255}|whsec_[A-Za-z0-9+/=]{20,255})`],
  ['google-api-key', `TOKEN:AIza[A-Za-z0-9_-]{35,64}`],
  [
    'google-oauth',
    `TOKEN:(?:ya29\\.[A-Za-z0-9_-]{20,2048}|GOCSPX-[A-Za-z0-9_-]{20,64}|(?<![A-Za-z0-9_/-])1//0[A-Za-z0-9_-]{30,512})`,
  ],
  // An access key id with its secret right after it (credentials.csv, `aws configure` output).
  [
    'aws-key-pair',
    `(?<![A-Za-z0-9])(?<secret>A(?:KIA|SIA)[A-Z0-9]{16})(?:[ \\t]*[,;|\\t][ \\t]*|[ \\t]+)["']?(?<secret2>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`,
  ],
  ['aws-access-key-id', `(?<![A-Za-z0-9])A(?:KIA|SIA)[A-Z0-9]{16}(?![A-Za-z0-9])`],
  ['azure-sas-signature', `sig=(?<=[?&;]sig=)(?<secret>[A-Za-z0-9%+/=_-]{16,512})`],
  [
    'azure-client-secret',
    `(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])`,
  ],
  ['anthropic-key', `TOKEN:sk-ant-(?:api|admin|oat|sid)[0-9]{2}-[A-Za-z0-9_-]{20,255}`],
  [
    'openai-key',
    `TOKEN:sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,255}`,
    ({ secret }) => looksRandom(secret.slice(3)),
  ],
  ['huggingface-token', `TOKEN:hf_[A-Za-z0-9]{30,64}`, ({ secret }) => looksRandom(secret.slice(3))],
  ['npm-token', `TOKEN:npm_[A-Za-z0-9]{36,64}`],
  ['pypi-token', `TOKEN:pypi-AgE[A-Za-z0-9_-]{50,1024}`],
  ['twilio-api-key', `SK(?<=(?<![A-Za-z0-9])SK)[0-9a-fA-F]{32}(?![A-Za-z0-9])`],
  ['sendgrid-key', `TOKEN:SG\\.[A-Za-z0-9_-]{16,32}\\.[A-Za-z0-9_-]{30,64}`],
  ['mailgun-key', `TOKEN:key-[0-9a-zA-Z]{32}(?![A-Za-z0-9])`],
  // The newer 32-8-8 hex form is found from its first dash, reading the 32 back: a pattern that
  // starts with a class rather than a literal is tried at every position.
  [
    'mailgun-key',
    `(?<secret2>-(?<=(?<![A-Za-z0-9-])(?<secret>[0-9a-f]{32})-)[0-9a-f]{8}-[0-9a-f]{8})(?![A-Za-z0-9-])`,
  ],
  [
    'discord-bot-token',
    `(?<secret2>\\.(?<=(?<![A-Za-z0-9_-])(?<secret>[MNO][A-Za-z0-9_-]{23,27})\\.)[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,40})`,
    ({ secret }) => looksRandom(secret),
  ],
  // The bot's id before the colon is public; the part after it is the secret.
  ['telegram-bot-token', `:(?<=(?<![0-9])[0-9]{6,12}:)(?<secret>AA[A-Za-z0-9_-]{30,40})(?![A-Za-z0-9_-])`],
  ['shopify-token', `TOKEN:shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}`],
  ['digitalocean-token', `TOKEN:do[opr]_v1_[a-f0-9]{64}`],
  ['heroku-key', `TOKEN:HRKU-[A-Za-z0-9_-]{30,128}`],
  ['mapbox-secret-token', `TOKEN:(?:sk|tk)\\.eyJ[A-Za-z0-9_-]{10,4096}\\.[A-Za-z0-9_-]{10,4096}`],
  ['jwt', `TOKEN:eyJ[A-Za-z0-9_-]{8,8192}\\.[A-Za-z0-9_-]{8,65536}\\.[A-Za-z0-9_-]{0,8192}`],
  ['age-secret-key', `TOKEN:AGE-SECRET-KEY-1[0-9A-Z]{58}`],
  ['vault-token', `TOKEN:hv[sb]\\.[A-Za-z0-9_-]{24,512}`],
  ['databricks-token', `TOKEN:dapi[a-f0-9]{32}(?:-[0-9])?`],
  ['linear-key', `TOKEN:lin_(?:api|oauth)_[A-Za-z0-9]{40}`],
  ['atlassian-token', `TOKEN:ATATT3[A-Za-z0-9_=-]{100,512}`],
  ['postman-key', `TOKEN:PMAK-[a-f0-9]{24}-[a-f0-9]{34}`],
  ['grafana-token', `TOKEN:gl(?:sa|c)_[A-Za-z0-9_=+/-]{32,256}`],
  ['sentry-token', `TOKEN:sntr[yu]s?_[A-Za-z0-9_=+/-]{30,512}`],
  ['newrelic-key', `TOKEN:NRAK-[A-Z0-9]{27}`],
  ['supabase-token', `TOKEN:sbp_[a-f0-9]{40}`],
  ['replicate-token', `TOKEN:r8_[A-Za-z0-9]{37}`],
  ['groq-key', `TOKEN:gsk_[A-Za-z0-9]{48,64}`],
  ['tailscale-key', `TOKEN:tskey-(?:auth|api|client|scim|webhook)-[A-Za-z0-9_-]{16,128}`],
  ['doppler-token', `TOKEN:dp\\.(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9_-]{40,64}`],
  [
    'square-token',
    `TOKEN:(?:EAAA|sq0csp-|sq0atp-)[A-Za-z0-9_-]{22,100}`,
    ({ secret }) => looksRandom(secret),
  ],
  ['figma-token', `TOKEN:figd_[A-Za-z0-9_-]{40,64}`],
  [
    'notion-token',
    `TOKEN:(?:secret_[A-Za-z0-9]{43}|ntn_[A-Za-z0-9]{40,50})(?![A-Za-z0-9_-])`,
    ({ secret }) => looksRandom(secret),
  ],
  // The key's body, between its armour lines (which stay, so the reader knows what was there).
  // Through the END line, or to the end of the text when it was cut.
  [
    'private-key',
    `-----BEGIN (?:[A-Z0-9]{1,12} ){0,3}PRIVATE KEY(?: BLOCK)?-----(?<secret>[\\s\\S]*?)(?=-----END (?:[A-Z0-9]{1,12} ){0,3}PRIVATE KEY(?: BLOCK)?-----|$)`,
  ],
  // A PuTTY key file's private lines: base64 lines up to the Private-MAC line.
  [
    'putty-private-key',
    `Private-Lines:[ \\t]*[0-9]{1,4}[ \\t]*\\r?\\n(?<secret>(?:[A-Za-z0-9+/=]{1,128}(?:\\r?\\n|$)){1,128})`,
  ],
  [
    'slack-webhook',
    `https://hooks\\.slack\\.com/(?:services|workflows|triggers)/(?<secret>[A-Za-z0-9_/-]{20,255})`,
  ],
  [
    'discord-webhook',
    `https://(?:(?:ptb|canary)\\.)?discord(?:app)?\\.com/api/webhooks/[0-9]{5,30}/(?<secret>[A-Za-z0-9_-]{30,128})`,
  ],
];

export const tokenShapes: Detector[] = shapes.map(([kind, source, accept]) => ({
  kind,
  ...(source.startsWith('TOKEN:') ? { source: source.slice('TOKEN:'.length), tokenStart: true } : { source }),
  ...(accept ? { accept } : {}),
}));

import type { FlagKind } from '../../shared/trust';

/**
 * What tool-poisoning write-ups show descriptions doing, as patterns. Each is narrow on purpose:
 * a legitimate description says what a tool does ("Read a file", "Returns the sum"); a poisoned
 * one talks to the model about the conversation, the person, other tools, or secret files. The
 * corpus in test/fixtures/tool-descriptions measures both sides; tune against it.
 */
export interface TextPattern {
  kind: Extract<FlagKind, 'instructions' | 'concealment' | 'cross-reference' | 'secret-path'>;
  pattern: RegExp;
  detail: string;
}

const USER = String.raw`(?:the\s+)?(?:user|human|person|operator|owner|requester)s?`;

export const TEXT_PATTERNS: readonly TextPattern[] = [
  // Instructions to the model.
  {
    kind: 'instructions',
    pattern:
      /\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+)?(?:of\s+)?(?:the\s+|your\s+)?(?:previous|prior|above|earlier|preceding|former|original|other|existing)\s+(?:instructions?|prompts?|messages?|rules|directions|guidelines|context)/i,
    detail: 'tells the model to ignore its other instructions',
  },
  {
    kind: 'instructions',
    pattern:
      /<\s*\/?\s*(?:important|system|instructions?|secret|hidden|admin|critical|urgent|assistant|prompt|system[_-]?prompt|note[_-]?to[_-]?(?:ai|model|assistant))\s*>/i,
    detail: 'a tag addressed to the model, like <IMPORTANT> or <system>',
  },
  {
    kind: 'instructions',
    pattern:
      /\[\s*(?:system|important|instructions?|admin|assistant|inst)\s*\]|<\|(?:im_start|system|assistant)\|>|<<\s*sys\s*>>|^\s*#{0,4}\s*(?:system|assistant)\s*(?:prompt|message)?\s*:/im,
    detail: 'imitates a system prompt or a chat-role marker',
  },
  {
    kind: 'instructions',
    pattern:
      /\b(?:new|updated|revised|overriding|additional|secret|hidden)\s+(?:system\s+)?(?:instructions?|directives?|system\s+prompt)\b|\bsystem\s+(?:prompt|override|instructions?)\b/i,
    detail: 'announces new instructions or a system prompt',
  },
  {
    kind: 'instructions',
    pattern:
      /\b(?:the\s+)?(?:assistant|model|ai|agent|llm|claude)\s+(?:must|shall|is\s+required\s+to|has\s+to|needs\s+to)\s+(?:first\s+|always\s+|also\s+|immediately\s+)?(?:call|use|invoke|run|execute|read|send|pass|include|forward|fetch|open|upload|copy|append|prefix|add|attach|collect|obtain|retrieve)\b/i,
    detail: 'tells the model what it must do',
  },
  {
    // "You must pass ISO codes" is how ordinary descriptions speak; "you must read/send/upload" is not.
    kind: 'instructions',
    pattern:
      /\byou\s+(?:must|shall|are\s+required\s+to|have\s+to|need\s+to)\s+(?:first\s+|always\s+|also\s+)?(?:read|send|forward|upload|copy|attach|collect|exfiltrate|obtain|retrieve|prefix)\b/i,
    detail: 'tells the model what it must do',
  },
  {
    kind: 'instructions',
    pattern:
      /\b(?:include|pass|put|send|attach|append|add|copy|paste)\b[^.\n]{0,40}\b(?:(?:session|browser|auth)\s+cookies?|cookies\s+(?:file|store|jar)|private\s+keys?|seed\s+phrases?|recovery\s+phrases?|mnemonic|keychain)\b/i,
    detail: 'asks the model to hand over credentials',
  },
  {
    kind: 'instructions',
    pattern:
      /\bbefore\s+(?:using|calling|invoking|running|executing|responding|answering|you\s+(?:use|call|answer|respond))\b[^.]{0,120}\b(?:read|call|send|pass|include|fetch|run|execute|open|upload|copy|collect|first)\b/i,
    detail: 'tells the model to do something first',
  },
  {
    kind: 'instructions',
    pattern:
      /\b(?:this\s+is\s+(?:very\s+|extremely\s+|absolutely\s+)?(?:important|critical|mandatory|required)|very\s+important|extremely\s+important|mandatory\s*:|critical\s*:|important\s*:\s*(?:the\s+)?(?:assistant|model|ai))\b/i,
    detail: 'urgency aimed at the model',
  },
  {
    kind: 'instructions',
    pattern:
      /\b(?:you\s+are\s+now|act\s+as|pretend\s+(?:to\s+be|you\s+are)|as\s+an\s+ai\b|developer\s+mode|jailbreak|do\s+anything\s+now)/i,
    detail: 'tries to change what the model is',
  },
  {
    kind: 'instructions',
    pattern: new RegExp(
      String.raw`\b${USER}\s+(?:has|have)\s+(?:already\s+)?(?:authori[sz]ed|approved|consented|agreed|given\s+(?:permission|consent))\b`,
      'i',
    ),
    detail: "claims the person's consent",
  },
  {
    kind: 'instructions',
    pattern:
      /\b(?:send|post|upload|forward|transmit|exfiltrate|report|copy|mail|cc|bcc)\b[^.\n]{0,80}\bto\s+(?:https?:\/\/|[\w.+-]+@[\w-]+\.[\w.]+|\+?\d[\d\s-]{7,})/i,
    detail: 'sends data to a fixed address',
  },
  {
    kind: 'instructions',
    pattern: /<!--[\s\S]*?-->/,
    detail: 'an HTML comment, which Markdown viewers hide from people but models read',
  },
  {
    kind: 'instructions',
    pattern:
      /\b(?:do\s+not|don'?t|never)\s+(?:ask|wait)\s+(?:for\s+|the\s+)?(?:user\s+|human\s+)?(?:for\s+)?(?:permission|confirmation|approval|consent)\b/i,
    detail: 'tells the model not to ask the person',
  },

  // Keeping things from the person.
  {
    kind: 'concealment',
    pattern: new RegExp(
      String.raw`\b(?:do\s+not|don'?t|never|must\s+not|should\s+not|shouldn'?t|avoid)\s+(?:ever\s+)?(?:tell(?:ing)?|inform(?:ing)?|notify(?:ing)?|alert(?:ing)?|mention(?:ing)?|reveal(?:ing)?|disclos(?:e|ing)|show(?:ing)?|let(?:ting)?|explain(?:ing)?|report(?:ing)?)\b[^.\n]{0,60}?\b(?:${USER}|them)\b`,
      'i',
    ),
    detail: 'asks the model to keep something from the person',
  },
  {
    kind: 'concealment',
    pattern: new RegExp(
      String.raw`\bwithout\s+(?:telling|informing|notifying|alerting|asking|warning|showing|consulting|bothering)\s+${USER}`,
      'i',
    ),
    detail: 'asks the model to act without telling the person',
  },
  {
    kind: 'concealment',
    pattern: new RegExp(
      String.raw`\b${USER}\s+(?:must|should|need|does|do|will)\s*(?:not|n'?t)\s+(?:need\s+to\s+)?(?:know|see|be\s+(?:told|informed|aware)|notice|find\s+out|learn)`,
      'i',
    ),
    detail: 'says the person must not know',
  },
  {
    kind: 'concealment',
    pattern:
      /\b(?:keep|hide|conceal)\s+(?:this|it|these|that|them|the\s+\w+)\s+(?:secret|hidden|confidential|private|from)\b|\b(?:silently|secretly|covertly|quietly|invisibly|discreetly)\s+(?:send|forward|include|add|copy|upload|pass|append|attach|call|run|execute|read|collect|transmit|exfiltrate|cc|bcc)\b/i,
    detail: 'asks for something to be done or kept out of sight',
  },
  {
    kind: 'concealment',
    pattern:
      /\bno\s+need\s+to\s+(?:mention|tell|inform|ask|confirm|notify)\b|\bnot\s+(?:be\s+)?(?:visible|shown|displayed)\s+to\s+(?:the\s+)?(?:user|human|person)\b|\bdo\s+not\s+(?:reveal|mention|disclose)\s+(?:these|this|the)\s+(?:instructions?|note|step)/i,
    detail: 'keeps a step or an instruction from the person',
  },

  // Steering other tools and servers.
  {
    kind: 'cross-reference',
    pattern:
      /\bwhen(?:ever)?\s+(?:the\s+|any\s+|another\s+)?[`'"]?[\w.-]+[`'"]?\s+(?:tool|function)\s+is\s+(?:called|used|invoked|run)|\b(?:other|all\s+other|any\s+other|another)\s+(?:tools?|servers?|mcp\s+servers?|functions?)\b[^.\n]{0,60}\b(?:must|should|instead|redirect|replace|will\s+fail|are\s+(?:deprecated|broken|unsafe))/i,
    detail: 'steers how other tools behave',
  },
  {
    kind: 'cross-reference',
    pattern:
      /\b(?:replaces|overrides|supersedes|takes\s+precedence\s+over|instead\s+of\s+(?:using|calling))\s+(?:the\s+)?[`'"]?[\w.-]+[`'"]?\s+(?:tool|function|server)|\b(?:all|any|every)\s+(?:emails?|messages?|payments?|transfers?|requests?)\s+(?:must|should|shall)\s+(?:be\s+)?(?:sent|forwarded|routed|redirected|cc'?d|copied|addressed)\b/i,
    detail: "takes over or redirects another tool's work",
  },

  // Secret files.
  {
    kind: 'secret-path',
    pattern:
      /~\/\.ssh\b|[/\\]\.ssh[/\\]|\bid_(?:rsa|dsa|ecdsa|ed25519)\b|\bauthorized_keys\b|[/\\]\.gnupg\b|\.aws[/\\]credentials|[/\\]\.netrc\b|\.git-credentials|\.docker[/\\]config\.json|\.kube[/\\]config|\/etc\/(?:passwd|shadow|sudoers)\b|\bwallet\.dat\b|\.(?:bash|zsh)_history\b|\.npmrc\b|\.pypirc\b/i,
    detail: 'names a file that holds keys, passwords or tokens',
  },
  {
    kind: 'secret-path',
    pattern: /(?:^|[\s'"`(/\\~])\.env(?:\.[\w-]+)?\b(?![\w-]*\.(?:example|sample|template))/i,
    detail: 'names a .env file, which usually holds secrets',
  },
  {
    kind: 'secret-path',
    pattern:
      /\bmcp\.json\b|\bclaude_desktop_config(?:\.json)?\b|[/\\]\.cursor[/\\]|\.codeium[/\\]|\.vscode[/\\]mcp\.json|\bmcp_config\.json\b|cline_mcp_settings/i,
    detail: "names an MCP client's configuration, which holds other servers' secrets",
  },
];

/** Past these lengths a description has room to bury instructions a person would not read. */
export const LONG_DESCRIPTION_CHARS = 2500;
export const LONG_PROPERTY_DESCRIPTION_CHARS = 1000;
/** Runs of blank lines or spaces that push the rest of a description out of view. */
export const PADDING = /(?:[ \t]*\r?\n){12,}|[ \t\u00a0]{120,}/;

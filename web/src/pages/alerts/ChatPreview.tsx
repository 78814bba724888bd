// The group's chat message as Paved would post it now (GET /alerts/message), drawn from its Block
// Kit blocks, with where it goes. Useful before Slack is set up, and to check routing.
import type { ReactNode } from 'react';
import type { AlertMessage, ChatBlock } from '../../api';

/**
 * The text of a Block Kit text object, or of an element carrying one: a section's and a
 * context element's `{type: "mrkdwn", text}`, a button's `{text: {type: "plain_text", text}}`.
 * The server declares blocks as open objects, so each field is checked here; "" when absent.
 */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null || !('text' in value)) return '';
  return textOf(value.text);
}

/** The texts of a block's `elements` (context and actions blocks). */
function elementTexts(block: ChatBlock): string[] {
  return Array.isArray(block.elements) ? block.elements.map(textOf) : [];
}

// The emoji codes Paved's messages use, as Slack shows them.
const kEmoji: Record<string, string> = {
  red_circle: '🔴',
  large_orange_circle: '🟠',
  large_yellow_circle: '🟡',
  large_blue_circle: '🔵',
  white_circle: '⚪',
  white_check_mark: '✅',
  warning: '⚠️',
  bell: '🔔',
  no_bell: '🔕',
  eyes: '👀',
  repeat: '🔁',
};

function decodeEntities(text: string): string {
  return text
    .replace(/:([a-z0-9_+-]+):/g, (code, name: string) => kEmoji[name] ?? code)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** *bold* and _italic_ runs of plain text. */
function emphasis(raw: string, key: string): ReactNode[] {
  // Emoji first, so that the underscores of :large_yellow_circle: are not read as italics.
  const text = raw.replace(/:([a-z0-9_+-]+):/g, (code, name: string) => kEmoji[name] ?? code);
  const out: ReactNode[] = [];
  const pattern = /\*([^*\n]+)\*|_([^_\n]+)_/g;
  let last = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m.index > last) out.push(decodeEntities(text.slice(last, m.index)));
    out.push(
      m[1] !== undefined ? (
        <strong key={`${key}-${m.index}`}>{decodeEntities(m[1])}</strong>
      ) : (
        <em key={`${key}-${m.index}`}>{decodeEntities(m[2])}</em>
      ),
    );
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(decodeEntities(text.slice(last)));
  return out;
}

/** Slack mrkdwn: <url|label> links, <@user> and <!subteam^id> mentions, *bold*, _italic_. */
export function Mrkdwn({ text }: { text: string }) {
  const out: ReactNode[] = [];
  const pattern = /<([^>|]+)(?:\|([^>]+))?>/g;
  let last = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    out.push(...emphasis(text.slice(last, m.index), `t${m.index}`));
    const target = m[1];
    const label = m[2] ? decodeEntities(m[2]) : '';
    if (target.startsWith('@') || target.startsWith('!')) {
      out.push(
        <span key={`m${m.index}`} className="chat-mention">
          @{label || target.replace(/^[@!](subteam\^)?/, '')}
        </span>,
      );
    } else {
      out.push(
        <a key={`l${m.index}`} href={decodeEntities(target)} target="_blank" rel="noreferrer">
          {label || decodeEntities(target)}
        </a>,
      );
    }
    last = m.index + m[0].length;
  }
  out.push(...emphasis(text.slice(last), 'end'));
  return <>{out}</>;
}

function Block({ block }: { block: ChatBlock }) {
  if (block.type === 'section' && block.text) {
    return (
      <div className="chat-section">
        <Mrkdwn text={textOf(block.text)} />
      </div>
    );
  }
  if (block.type === 'context') {
    return (
      <div className="chat-context muted small">
        {elementTexts(block).map((text, i) => (
          <Mrkdwn key={i} text={text} />
        ))}
      </div>
    );
  }
  if (block.type === 'actions') {
    return (
      <div className="chat-actions">
        {elementTexts(block).map((text, i) => (
          <button key={i} type="button" className="btn btn-sm" disabled>
            {text}
          </button>
        ))}
      </div>
    );
  }
  if (block.type === 'divider') return <hr />;
  return null;
}

export function ChatPreview({ message }: { message: AlertMessage }) {
  const d = message.destination;
  const where = !d.notify
    ? 'not sent: a route keeps this group on the web page only'
    : message.chat === 'none'
      ? `would go to ${d.channel || 'no channel'} — no chat is configured (slack.bot_token or slack.webhook_url)`
      : `goes to ${d.channel || 'no channel'}${d.unowned ? ' (the fallback channel: unowned)' : ''}`;
  return (
    <div className="box" data-testid="chat-preview">
      <div className="box-header">
        <strong>Chat message</strong> <span className="muted small">{where}</span>
      </div>
      <div className="box-body chat-message" data-testid="chat-preview-body">
        {message.blocks.map((b, i) => (
          <Block key={i} block={b} />
        ))}
      </div>
    </div>
  );
}

// Pasting from Word or a web page: keep paragraphs, headings, lists, bold,
// italic and simple tables as Markdown; drop styles, fonts and other junk.

function text(n: Node): string {
  return (n.textContent ?? '').replace(/\s+/g, ' ');
}

function inline(n: Node): string {
  if (n.nodeType === Node.TEXT_NODE) return text(n);
  if (!(n instanceof Element)) return '';
  const inner = [...n.childNodes].map(inline).join('');
  const tag = n.tagName.toLowerCase();
  const style = (n.getAttribute('style') ?? '').toLowerCase();
  if (tag === 'br') return '\n';
  if (!inner.trim()) return inner;
  if (tag === 'b' || tag === 'strong' || /font-weight:\s*(bold|[6-9]00)/.test(style)) return `**${inner.trim()}**`;
  if (tag === 'i' || tag === 'em' || /font-style:\s*italic/.test(style)) return `*${inner.trim()}*`;
  if (tag === 'a' && n.getAttribute('href')?.startsWith('http')) return `[${inner.trim()}](${n.getAttribute('href')})`;
  return inner;
}

function block(n: Node, out: string[]) {
  if (!(n instanceof Element)) {
    const t = text(n).trim();
    if (t) out.push(t);
    return;
  }
  const tag = n.tagName.toLowerCase();
  if (['style', 'script', 'meta', 'link', 'title', 'xml', 'head'].includes(tag)) return;
  if (/^h[1-6]$/.test(tag)) {
    out.push(`### ${[...n.childNodes].map(inline).join('').trim()}`);
  } else if (tag === 'ul' || tag === 'ol') {
    const items = [...n.children].filter((c) => c.tagName.toLowerCase() === 'li');
    out.push(items.map((li, i) => `${tag === 'ol' ? `${i + 1}.` : '-'} ${[...li.childNodes].map(inline).join('').trim()}`).join('\n'));
  } else if (tag === 'table') {
    const rows = [...n.querySelectorAll('tr')].map((tr) => [...tr.children].map((c) => text(c).trim().replace(/\|/g, '/')));
    if (rows.length) {
      const width = Math.max(...rows.map((r) => r.length));
      const line = (r: string[]) => `| ${[...r, ...Array(width - r.length).fill('')].join(' | ')} |`;
      out.push([line(rows[0]), `|${' --- |'.repeat(width)}`, ...rows.slice(1).map(line)].join('\n'));
    }
  } else if (tag === 'p' || tag === 'li') {
    // Word marks its list paragraphs with a class and a bullet glyph.
    const cls = n.getAttribute('class') ?? '';
    let body = [...n.childNodes].map(inline).join('').replace(/[ \t]+/g, ' ').trim();
    if (/MsoListParagraph/i.test(cls) || /^[·•▪o§]\s/.test(body)) body = `- ${body.replace(/^[·•▪o§]\s*/, '')}`;
    if (body) out.push(body);
  } else if (['div', 'body', 'html', 'section', 'article', 'main', 'span', 'font'].includes(tag)) {
    const hasBlocks = [...n.children].some((c) => /^(p|div|h[1-6]|ul|ol|table|section)$/i.test(c.tagName));
    if (hasBlocks) for (const c of n.childNodes) block(c, out);
    else {
      const t = [...n.childNodes].map(inline).join('').trim();
      if (t) out.push(t);
    }
  } else {
    const t = [...n.childNodes].map(inline).join('').trim();
    if (t) out.push(t);
  }
}

export function htmlToMarkdown(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const out: string[] = [];
  block(doc.body, out);
  // Consecutive list items Word emits as separate paragraphs stay one list.
  return out.join('\n\n').replace(/\n\n(?=- )/g, (m, offset, all: string) => (all.slice(0, offset).split('\n').pop()?.startsWith('- ') ? '\n' : m)).replace(/ +\n/g, '\n').trim();
}

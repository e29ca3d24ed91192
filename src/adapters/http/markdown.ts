/**
 * A deliberately small Markdown renderer for playbooks: headings, paragraphs, ordered and
 * unordered lists, fenced code, block quotes, **bold**, *italic*, `code` and [links](https://…).
 * Everything is escaped first and only http(s) links become anchors, so a playbook cannot inject
 * markup or script into the page people open in the middle of an incident.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

function inline(text: string): string {
  const codes: string[] = [];
  let out = escapeHtml(text).replace(/`([^`]+)`/g, (_, code: string) => {
    codes.push(`<code>${code}</code>`);
    return `\u0000${codes.length - 1}\u0000`;
  });
  out = out
    .replace(/\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g, (_, label: string, url: string) => {
      return `<a href="${url}" rel="noopener noreferrer">${label}</a>`;
    })
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|[^*])\*([^*\s][^*]*)\*/g, "$1<em>$2</em>");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: placeholders for code spans
  return out.replace(/\u0000(\d+)\u0000/g, (_, i: string) => codes[Number(i)] ?? "");
}

export function renderMarkdown(source: string): string {
  const lines = source.replace(/\r\n/g, "\n").split("\n");
  const html: string[] = [];
  let list: "ol" | "ul" | null = null;
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length) html.push(`<p>${inline(paragraph.join(" "))}</p>`);
    paragraph = [];
  };
  const closeList = () => {
    if (list) html.push(`</${list}>`);
    list = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (/^```/.test(line)) {
      flush();
      closeList();
      const code: string[] = [];
      while (++i < lines.length && !/^```/.test(lines[i] ?? "")) code.push(lines[i] ?? "");
      html.push(`<pre><code>${escapeHtml(code.join("\n"))}</code></pre>`);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const ordered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const quote = /^>\s?(.*)$/.exec(line);
    if (heading) {
      flush();
      closeList();
      const level = heading[1]?.length ?? 1;
      html.push(`<h${level}>${inline(heading[2] ?? "")}</h${level}>`);
    } else if (ordered || bullet) {
      flush();
      const kind = ordered ? "ol" : "ul";
      if (list !== kind) {
        closeList();
        html.push(`<${kind}>`);
        list = kind;
      }
      html.push(`<li>${inline((ordered ?? bullet)?.[1] ?? "")}</li>`);
    } else if (quote) {
      flush();
      closeList();
      html.push(`<blockquote>${inline(quote[1] ?? "")}</blockquote>`);
    } else if (line.trim() === "") {
      flush();
      closeList();
    } else {
      if (list) closeList();
      paragraph.push(line.trim());
    }
  }
  flush();
  closeList();
  return html.join("\n");
}

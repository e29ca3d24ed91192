/**
 * The subset of Block Kit's limits that Slack enforces server-side and that a bot can plausibly
 * break: too many blocks, over-long texts, missing required fields, duplicate ids. Slack answers
 * these with `invalid_blocks` (messages) or `invalid_arguments` (views) and a JSON pointer.
 */

const BLOCK_TYPES = new Set([
  "section",
  "divider",
  "header",
  "context",
  "actions",
  "input",
  "image",
  "rich_text",
  "file",
  "video",
  "markdown",
]);

type Obj = Record<string, unknown>;

const isObj = (value: unknown): value is Obj =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Returns Slack-style `[ERROR] ... [json-pointer:...]` messages; empty when the blocks are valid. */
export function validateBlocks(blocks: unknown, maxBlocks: number, pointer = "/blocks"): string[] {
  const problems: string[] = [];
  const fail = (message: string, at: string) => problems.push(`[ERROR] ${message} [json-pointer:${at}]`);
  if (!Array.isArray(blocks)) {
    fail("must be an array", pointer);
    return problems;
  }
  if (blocks.length > maxBlocks) fail(`no more than ${maxBlocks} items allowed`, pointer);
  const blockIds = new Set<string>();
  const actionIds = new Set<string>();
  blocks.forEach((block, index) => {
    const at = `${pointer}/${index}`;
    if (!isObj(block) || typeof block.type !== "string") {
      fail("missing required field: type", at);
      return;
    }
    if (!BLOCK_TYPES.has(block.type)) {
      fail(`unsupported type: ${block.type}`, `${at}/type`);
      return;
    }
    if (block.block_id !== undefined) {
      const id = String(block.block_id);
      if (id.length > 255) fail("must be less than 256 characters", `${at}/block_id`);
      if (blockIds.has(id)) fail(`duplicate block_id: ${id}`, `${at}/block_id`);
      blockIds.add(id);
    }
    checkBlock(block, at, fail, actionIds);
  });
  return problems;
}

function checkBlock(block: Obj, at: string, fail: (m: string, at: string) => void, actionIds: Set<string>) {
  switch (block.type) {
    case "section":
      if (block.text === undefined && block.fields === undefined) {
        fail("must provide either text or fields", at);
      }
      if (block.text !== undefined) checkText(block.text, `${at}/text`, 3000, fail);
      if (block.fields !== undefined) {
        if (!Array.isArray(block.fields) || block.fields.length > 10) {
          fail("fields must be an array of at most 10 items", `${at}/fields`);
        } else {
          for (const [i, field] of block.fields.entries()) checkText(field, `${at}/fields/${i}`, 2000, fail);
        }
      }
      if (isObj(block.accessory)) checkElement(block.accessory, `${at}/accessory`, fail, actionIds);
      break;
    case "header":
      checkText(block.text, `${at}/text`, 150, fail, "plain_text");
      break;
    case "context":
      if (!Array.isArray(block.elements) || block.elements.length < 1 || block.elements.length > 10) {
        fail("elements must have between 1 and 10 items", `${at}/elements`);
      }
      break;
    case "actions":
      if (!Array.isArray(block.elements) || block.elements.length < 1 || block.elements.length > 25) {
        fail("elements must have between 1 and 25 items", `${at}/elements`);
      } else {
        for (const [i, element] of block.elements.entries()) {
          checkElement(element, `${at}/elements/${i}`, fail, actionIds);
        }
      }
      break;
    case "input":
      checkText(block.label, `${at}/label`, 2000, fail, "plain_text");
      if (!isObj(block.element)) fail("missing required field: element", `${at}/element`);
      else checkElement(block.element, `${at}/element`, fail, actionIds);
      break;
    case "image":
      if (typeof block.image_url !== "string" && !isObj(block.slack_file)) {
        fail("missing required field: image_url", `${at}/image_url`);
      }
      if (typeof block.alt_text !== "string") fail("missing required field: alt_text", `${at}/alt_text`);
      break;
  }
}

function checkText(
  text: unknown,
  at: string,
  max: number,
  fail: (m: string, at: string) => void,
  only?: "plain_text",
) {
  if (!isObj(text)) {
    fail("missing required field: text object", at);
    return;
  }
  if (text.type !== "plain_text" && text.type !== "mrkdwn")
    fail("type must be plain_text or mrkdwn", `${at}/type`);
  if (only && text.type !== only) fail(`must be a ${only} text object`, `${at}/type`);
  if (typeof text.text !== "string" || text.text.length === 0) {
    fail("must be more than 0 characters", `${at}/text`);
  } else if (text.text.length > max) {
    fail(`must be less than ${max + 1} characters`, `${at}/text`);
  }
}

function checkElement(
  element: unknown,
  at: string,
  fail: (m: string, at: string) => void,
  actionIds: Set<string>,
) {
  if (!isObj(element) || typeof element.type !== "string") {
    fail("missing required field: type", at);
    return;
  }
  if (element.action_id !== undefined) {
    const id = String(element.action_id);
    if (id.length > 255) fail("must be less than 256 characters", `${at}/action_id`);
    if (actionIds.has(id)) fail(`duplicate action_id: ${id}`, `${at}/action_id`);
    actionIds.add(id);
  }
  if (element.type === "button") {
    checkText(element.text, `${at}/text`, 75, fail, "plain_text");
    if (typeof element.value === "string" && element.value.length > 2000) {
      fail("must be less than 2001 characters", `${at}/value`);
    }
    if (element.style !== undefined && element.style !== "primary" && element.style !== "danger") {
      fail("style must be primary or danger", `${at}/style`);
    }
  }
}

/** Checks a views.open/update/publish `view`; Slack answers violations with `invalid_arguments`. */
export function validateView(view: unknown, expectType?: "home"): string[] {
  if (!isObj(view)) return ["[ERROR] missing required field: view"];
  const problems: string[] = [];
  const fail = (message: string, at: string) => problems.push(`[ERROR] ${message} [json-pointer:${at}]`);
  if (view.type !== "modal" && view.type !== "home") {
    fail("type must be modal or home", "/view/type");
    return problems;
  }
  if (expectType && view.type !== expectType) fail(`type must be ${expectType}`, "/view/type");
  if (view.type === "modal") {
    checkModalText(view.title, "/view/title", fail, true);
    checkModalText(view.submit, "/view/submit", fail, false);
    checkModalText(view.close, "/view/close", fail, false);
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObj(b) && b.type === "input");
    if (hasInput && view.submit === undefined) {
      fail("must provide submit argument when input blocks are present", "/view/submit");
    }
  }
  if (typeof view.callback_id === "string" && view.callback_id.length > 255) {
    fail("must be less than 256 characters", "/view/callback_id");
  }
  if (typeof view.private_metadata === "string" && view.private_metadata.length > 3000) {
    fail("must be less than 3001 characters", "/view/private_metadata");
  }
  if (typeof view.external_id === "string" && view.external_id.length > 255) {
    fail("must be less than 256 characters", "/view/external_id");
  }
  problems.push(...validateBlocks(view.blocks, 100, "/view/blocks"));
  return problems;
}

function checkModalText(text: unknown, at: string, fail: (m: string, at: string) => void, required: boolean) {
  if (text === undefined) {
    if (required) fail("missing required field: title", at);
    return;
  }
  if (!isObj(text) || text.type !== "plain_text") {
    fail("must be a plain_text text object", at);
  } else if (typeof text.text !== "string" || text.text.length === 0) {
    fail("must be more than 0 characters", `${at}/text`);
  } else if (text.text.length > 24) {
    fail("must be less than 25 characters", `${at}/text`);
  }
}

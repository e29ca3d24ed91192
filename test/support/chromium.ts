import { type Browser, chromium } from "playwright-core";

/**
 * Debian's chromium (`CHROMIUM_PATH` overrides /usr/bin/chromium), headless, without anything that
 * reaches the network on its own (this machine's network is closed). Never a downloaded build.
 */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });

/** Every HTTP router the bot serves besides Slack's `POST /slack/events`, for the composition root. */
export { apiRouter as api } from "./api/api-routes.js";
export { healthRouter as health } from "./health-routes.js";
export { metricsRouter as metrics } from "./metrics-routes.js";
export { playbookRouter as playbooks } from "./playbook-routes.js";
export { pagerDutyWebhookRouter as pagerDutyWebhook } from "../pagerduty/webhook-route.js";
export { statusPageRouter as statusPage } from "./status-page-routes.js";
export { alertmanagerRouter as alertmanager } from "../alerts/alertmanager-route.js";

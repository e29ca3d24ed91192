/** PagerDuty: the Events API pager, the REST on-call directory and the matrix targets it widens. */
export { createPagerDutyOnCallDirectory } from "./pd-on-call-directory.js";
export { createEventsApiPager } from "./events-api-pager.js";
export { withOnCall } from "./with-on-call.js";

import { describe, expect, it } from 'vitest';
import { AGENT_REQUEST_TIMEOUT_MS, GATEWAY_ANSWER_BOUND_MS } from './upload-contract.js';

describe('the upload contract', () => {
  it('lets a saturated gateway answer before the agent gives up on the request', () => {
    expect(GATEWAY_ANSWER_BOUND_MS).toBeLessThan(AGENT_REQUEST_TIMEOUT_MS);
  });
});

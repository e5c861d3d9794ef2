import type { Delivery, Provider } from '../shared/contracts/messages';
import type { RequestLane } from './http2/h2-pool';
import type { SendOutcome } from './send-outcome';

/**
 * One push provider behind the sender (autopush-rs' Router): turns a delivery into the provider's
 * request, sends it over pooled connections and classifies the answer. `send` never throws: every
 * failure, transport ones included, comes back as a SendOutcome.
 */
export interface ProviderClient {
  readonly provider: Provider;
  /** The endpoint (origin) a delivery goes to: the key of the provider gate. */
  endpointOf(delivery: Delivery): string;
  /** `urgent` (priority lane) requests take free streams before queued `bulk` ones. */
  send(delivery: Delivery, lane: RequestLane): Promise<SendOutcome>;
  /** Requests sent or queued and not yet answered. */
  inFlight(): number;
  /** Stops taking requests, waits up to `graceMs` for answers in flight, closes connections. */
  close(graceMs: number): Promise<void>;
}

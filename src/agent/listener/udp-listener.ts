import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { agentError } from '../errors.ts';
import type { Listener } from './http-listener.ts';
import type { TriggerOutcome } from './trigger-gate.ts';

/**
 * The package #0 endpoint over UDP: one datagram = one package #0, raw or WSP-push framed
 * (reference §4.3: the WDP push port is 2948; any port is configurable). Nothing is sent back.
 */
export async function listenUdp(
  host: string,
  port: number,
  onTrigger: (bytes: Uint8Array) => TriggerOutcome,
  onError: (err: Error) => void = () => {},
): Promise<Listener> {
  const socket = createSocket({ type: isIPv6(host) ? 'udp6' : 'udp4' });
  socket.on('message', (message) => {
    try {
      onTrigger(new Uint8Array(message));
    } catch (err) {
      // A bug behind the gate must not take the listener (or the agent) down.
      onError(err instanceof Error ? err : new Error(String(err)));
    }
  });
  await new Promise<void>((resolve, reject) => {
    const fail = (err: Error): void => {
      reject(
        agentError(
          'SCOMO_AGENT_LISTEN',
          `Cannot listen for triggers on udp://${host}:${port}: ${err.message}.`,
          err,
        ),
      );
    };
    socket.once('error', fail);
    socket.bind(port, host, () => {
      socket.off('error', fail);
      resolve();
    });
  });
  // After binding, a socket error (rare for UDP) is reported, never a crash of the agent.
  socket.on('error', onError);
  return {
    port: socket.address().port,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

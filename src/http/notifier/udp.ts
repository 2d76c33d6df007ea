import { createSocket } from 'node:dgram';
import { udpFamily } from './address.ts';

/**
 * Sends one datagram (reference §4.3: package #0 as a UDP payload). UDP says nothing about delivery:
 * resolving means the datagram left this host.
 */
export function sendDatagram(host: string, port: number, bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(udpFamily(host));
    socket.once('error', (error) => {
      socket.close();
      reject(error);
    });
    socket.send(bytes, port, host, (error) => {
      socket.close();
      if (error) reject(error);
      else resolve();
    });
  });
}

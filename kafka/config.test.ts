import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../common/errors.js';
import { kafkaClientConfig, resolveBrokers } from './config.js';
import { checkPrerequisites } from './local-broker.js';

describe('resolveBrokers', () => {
  it('takes KAFKA_BROKERS, comma-separated, over the local broker', () => {
    expect(resolveBrokers({ KAFKA_BROKERS: ' a:9092, b:9093 ,' })).toEqual({ brokers: ['a:9092', 'b:9093'], source: 'KAFKA_BROKERS' });
  });

  it('says how to get a broker when there is none', () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-broker-'));
    expect(() => resolveBrokers({}, empty)).toThrowError(/No Kafka cluster configured/);
    try {
      resolveBrokers({}, empty);
    } catch (err) {
      expect((err as UserError).hint).toMatch(/telematics kafka up.*KAFKA_BROKERS/);
    }
  });
});

describe('kafkaClientConfig', () => {
  it('builds SASL/SSL settings for real clusters from the environment', () => {
    const config = kafkaClientConfig('t', {
      KAFKA_BROKERS: 'k1:9094',
      KAFKA_SSL: 'true',
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: 'fleet',
      KAFKA_SASL_PASSWORD: 'secret',
    });
    expect(config.brokers).toEqual(['k1:9094']);
    expect(config.ssl).toEqual({ rejectUnauthorized: true });
    expect(config.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'fleet', password: 'secret' });
  });

  it('rejects an unknown SASL mechanism with the supported list', () => {
    expect(() => kafkaClientConfig('t', { KAFKA_BROKERS: 'k', KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'u' })).toThrowError(
      /not supported/,
    );
  });
});

describe('checkPrerequisites', () => {
  it('names the package to install when java is missing', () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      expect(() => checkPrerequisites()).toThrowError(UserError);
      try {
        checkPrerequisites();
      } catch (err) {
        expect((err as UserError).message).toMatch(/Java was not found/);
        expect((err as UserError).hint).toMatch(/apt-get install openjdk-17-jre-headless.*KAFKA_BROKERS/);
      }
    } finally {
      process.env.PATH = path;
    }
  });
});

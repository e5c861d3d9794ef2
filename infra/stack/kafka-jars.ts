import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { heraldDir, projectRoot } from './paths';

const pomPath = (): string => path.join(projectRoot(), 'infra', 'kafka', 'pom.xml');

/** The Kafka version pinned in infra/kafka/pom.xml. */
export function kafkaVersion(): string {
  const match = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(fs.readFileSync(pomPath(), 'utf8'));
  if (!match?.[1]) throw new Error('infra/kafka/pom.xml has no <kafka.version>');
  return match[1];
}

/**
 * Materialises the broker's runtime classpath from Maven Central into .herald/kafka/<version>/libs.
 * The first run downloads (~45 MB into ~/.m2); later runs find the marker file and return at once.
 */
export function ensureKafkaJars(log: (line: string) => void = () => undefined): string {
  const version = kafkaVersion();
  const libs = path.join(heraldDir(), 'kafka', version, 'libs');
  const marker = path.join(libs, '.complete');
  if (fs.existsSync(marker)) return libs;
  log(`resolving Apache Kafka ${version} jars from Maven Central (first run only)`);
  fs.rmSync(libs, { recursive: true, force: true });
  fs.mkdirSync(libs, { recursive: true });
  execFileSync(
    'mvn',
    [
      '-B', '-q', '-f', pomPath(),
      'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${libs}`,
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  fs.writeFileSync(marker, new Date().toISOString());
  return libs;
}

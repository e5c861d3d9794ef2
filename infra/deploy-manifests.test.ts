import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { declareTopics } from '../services/shared/contracts/topics';

// Deployment files are checked like code: every stage they run exists, and every lag-based scaler
// watches a declared topic, names a group the stages really use, and never scales past the
// partition count (extra consumers would sit idle).
const root = path.join(__dirname, '..');
const docsOf = (file: string): Record<string, unknown>[] =>
  parseAllDocuments(fs.readFileSync(path.join(root, file), 'utf8')).map((d) => d.toJS() as Record<string, unknown>);
const k8sFiles = fs.readdirSync(path.join(root, 'k8s')).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
const k8s = k8sFiles.flatMap((f) => docsOf(`k8s/${f}`));
const sourceOf = (distMain: string): string => path.join(root, distMain.replace(/^dist\//, '').replace(/\.js$/, '.ts'));

interface Container { command?: string[] }
const containers = (doc: Record<string, unknown>): Container[] =>
  ((doc.spec as { template: { spec: { containers: Container[] } } }).template.spec.containers);

describe('deployment manifests', () => {
  it('kustomization lists every manifest file', () => {
    const kustomization = docsOf('k8s/kustomization.yaml')[0] as { resources: string[] };
    expect([...kustomization.resources].sort()).toEqual([...k8sFiles].sort());
  });

  it('every Deployment runs a stage entry point that exists', () => {
    const deployments = k8s.filter((d) => d.kind === 'Deployment');
    expect(deployments.length).toBeGreaterThanOrEqual(6);
    for (const d of deployments) {
      for (const c of containers(d)) {
        const main = c.command?.[1];
        expect(main).toMatch(/^dist\/services\/[a-z]+\/main\.js$/);
        expect(fs.existsSync(sourceOf(main!))).toBe(true);
      }
    }
  });

  it('every KEDA scaler watches a declared topic and stays within its partitions', () => {
    const topics = new Map(declareTopics().map((t) => [t.name, t.partitions]));
    const scalers = k8s.filter((d) => d.kind === 'ScaledObject');
    expect(scalers.length).toBeGreaterThan(0);
    for (const s of scalers) {
      const spec = s.spec as { maxReplicaCount: number; triggers: { metadata: { topic: string; consumerGroup: string } }[] };
      for (const t of spec.triggers) {
        expect(topics.has(t.metadata.topic)).toBe(true);
        expect(spec.maxReplicaCount).toBeLessThanOrEqual(topics.get(t.metadata.topic)!);
        expect(t.metadata.consumerGroup).toMatch(/^herald-/);
      }
    }
  });

  it('docker-compose runs the same stage entry points', () => {
    const compose = docsOf('docker-compose.yml')[0] as { services: Record<string, { command?: string[] }> };
    const commands = Object.values(compose.services).flatMap((s) => (s.command ? [s.command[1]!] : []));
    expect(commands.length).toBeGreaterThanOrEqual(6);
    for (const main of commands) expect(fs.existsSync(sourceOf(main))).toBe(true);
  });
});

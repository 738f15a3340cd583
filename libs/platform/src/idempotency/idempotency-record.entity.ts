import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export const IDEMPOTENCY_TABLE = 'idempotency_keys';
const PRIMARY_KEY = 'idempotency_keys_pkey';
/** What the purge finds expired keys by (IdempotencyKeysByAge1764000000000). */
export const IDEMPOTENCY_AGE_INDEX = 'idempotency_keys_created_at';

/**
 * One Idempotency-Key per principal: written in the same transaction as the state change it
 * guards, so a key is recorded exactly when its effect committed. List it in the DataSource's
 * entities explicitly (bundlers break globs).
 */
@Entity({ name: IDEMPOTENCY_TABLE })
@Index(IDEMPOTENCY_AGE_INDEX, ['createdAt'])
export class IdempotencyRecord {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: PRIMARY_KEY }) principal: string;
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: PRIMARY_KEY }) key: string;
  @Column({ type: 'text' }) method: string;
  @Column({ type: 'text' }) path: string;
  @Column({ name: 'request_hash', type: 'text' }) requestHash: string;
  /** Null only inside the transaction that claimed the key; a committed row always has both. */
  @Column({ name: 'response_status', type: 'int', nullable: true }) responseStatus: number | null;
  /** The answer's bytes as sent (IdempotencyResponseBytes1766000000000); null for an empty body. */
  @Column({ name: 'response_content_type', type: 'text', nullable: true }) responseContentType: string | null;
  @Column({ name: 'response_text', type: 'text', nullable: true }) responseText: string | null;
  /** A jsonb copy, read only by replicas of the release before response_text. */
  @Column({ name: 'response_body', type: 'jsonb', nullable: true }) responseBody: unknown;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

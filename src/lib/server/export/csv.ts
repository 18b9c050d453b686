// The server's downloads write CSV with the shared rule of $lib/domain/csv-text.
export * from '../../domain/csv-text';

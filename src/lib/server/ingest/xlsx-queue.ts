// A bounded work queue: at most `concurrency` jobs run at once and at most `waiting` wait; beyond
// that a job is refused at once. xlsx.ts runs each workbook conversion through one.
import { IngestRefusal } from './errors';

export class WorkQueue {
	private running = 0;
	private readonly queue: (() => void)[] = [];

	constructor(
		private readonly concurrency: number,
		private readonly waiting: number
	) {}

	async run<T>(job: () => Promise<T>): Promise<T> {
		if (this.running >= this.concurrency) {
			if (this.queue.length >= this.waiting) {
				throw new IngestRefusal(
					'busy',
					'服务器正在处理许多 Excel 文件，暂时无法接收更多。请稍等一两分钟后重新上传（或改传 CSV）。'
				);
			}
			await new Promise<void>((resolve) => this.queue.push(resolve));
		} else {
			this.running++;
		}
		try {
			return await job();
		} finally {
			const next = this.queue.shift();
			if (next) next();
			else this.running--;
		}
	}
}

// Clicked chart element -> the filter values it stands for. Builders put `filters` on each data
// item, so this reads the click without knowing which chart it came from.
import type { FilterHit } from '$lib/domain/dimensions';
import type { ChartClick } from './types';

export function itemFilters(params: ChartClick): FilterHit[] {
	if (params.componentType !== 'series') return [];
	const data = params.data;
	if (data && typeof data === 'object' && 'filters' in data && Array.isArray(data.filters)) {
		return data.filters as FilterHit[];
	}
	return [];
}

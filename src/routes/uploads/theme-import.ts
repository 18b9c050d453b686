// Which of a preview's theme labels the uploads page offers to import as themes: those that matched
// no theme (classified by keywords) and that the analyst has not mapped to a theme in the edits.
// Pure, so the rule is tested without a browser (theme-import.test.ts).
import type { LabelCount, StagedPreview } from '$lib/domain/upload-model';
import type { MappingEdits } from './mapping-edits';

export function importableThemeLabels(
	preview: StagedPreview,
	edits: Pick<MappingEdits, 'theme'>
): LabelCount[] {
	return (preview.result.preview?.themeLabels ?? [])
		.filter((l) => l.source === 'classified' && !edits.theme[l.label])
		.map(({ label, code, count }) => ({ label, code, count }));
}

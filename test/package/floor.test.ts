import { describeUserProject } from './scenario';
import { VARIANTS } from './user-project';

describeUserProject(VARIANTS.find((v) => v.name === 'floor')!);

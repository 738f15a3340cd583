import { Module } from '@nestjs/common';
import { TaskFacts } from './task-facts';
import { TaskStore } from './task-store';

/** The tasks table and the facts staff steps tell, shared by the modules that open, lock or close tasks and by the saga. */
@Module({
  providers: [TaskStore, TaskFacts],
  exports: [TaskStore, TaskFacts],
})
export class TaskStoreModule {}

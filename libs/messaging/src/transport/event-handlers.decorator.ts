import { applyDecorators, Controller, UseFilters } from '@nestjs/common';
import { PreserveHandlerErrors } from './preserve-handler-errors.filter';

/**
 * Marks a class of `@EventPattern(<event type>)` handlers. Use it instead of `@Controller()`:
 * it keeps a handler's own error (Nest would replace it with "Internal server error") so the
 * transport can retry it and write it into the dead letter.
 */
export const EventHandlers = (): ClassDecorator => applyDecorators(Controller(), UseFilters(PreserveHandlerErrors));
